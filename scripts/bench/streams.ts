// Memory of the app under live-event clients that never read.
//   npm run bench -- streams [--clients 100] [--scale 1]
// N clients open /api/events with Last-Event-ID: 0 (replay the whole feed) on raw sockets that are
// never read, as a stalled phone or a hostile client would. The app's resident memory (RSS, from
// /proc) with them open and after they close, against the same app idle in the same run.
// Goal (README, "Live events"): growth under 100 MB in total for 100 such clients.
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { benchEnv, log, machine, table } from './lib';

const args = parseArgs({
	options: { clients: { type: 'string', default: '100' }, scale: { type: 'string', default: '1' } }
}).values;
const CLIENTS = Number(args.clients);
const KEY = 'redgrid-demo-key';

const env = await benchEnv({ app: true, scale: Number(args.scale) });
const pid = env.app!.process.pid!;
const base = new URL(env.app!.base);
/** The app process's resident memory, MB. */
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
	const events = Number(
		(await (await fetch(`${env.app!.base}/api/health`, { headers: { 'x-api-key': KEY } })).json()).counts
			.tickets
	);
	await sleep(3000);
	const idle = rss();
	log(`app idle: ${idle.toFixed(0)} MB; opening ${CLIENTS} non-reading streams from Last-Event-ID 0`);
	const sockets: net.Socket[] = [];
	for (let i = 0; i < CLIENTS; i++) {
		const s = net.connect(Number(base.port), base.hostname);
		s.on('error', () => {});
		s.write(
			`GET /api/events HTTP/1.1\r\nHost: ${base.host}\r\nX-API-Key: ${KEY}\r\nLast-Event-ID: 0\r\nAccept: text/event-stream\r\n\r\n`
		);
		s.pause(); // never read: the kernel's buffers fill, then the server must hold back
		sockets.push(s);
	}
	let peak = idle;
	for (let t = 0; t < 20; t++) {
		await sleep(1000);
		peak = Math.max(peak, rss());
	}
	const open = rss();
	for (const s of sockets) s.destroy();
	await sleep(5000);
	const after = rss();
	console.log(
		`\nRun ${new Date().toISOString()} on ${machine()}; demo city (scale ${args.scale}, ${events} tickets), ${CLIENTS} clients.`
	);
	table(
		`App memory with ${CLIENTS} non-reading SSE clients replaying from Last-Event-ID: 0`,
		['figure', 'value', 'baseline (the app idle)', 'ratio'],
		[
			[
				'RSS peak over 20 s',
				`${peak.toFixed(0)} MB`,
				`${idle.toFixed(0)} MB`,
				`${(peak / idle).toFixed(2)}×`
			],
			['growth at the peak (goal < 100 MB)', `${(peak - idle).toFixed(0)} MB`, '0 MB', '—'],
			[
				'RSS with the clients open after 20 s',
				`${open.toFixed(0)} MB`,
				`${idle.toFixed(0)} MB`,
				`${(open / idle).toFixed(2)}×`
			],
			[
				'RSS 5 s after they closed',
				`${after.toFixed(0)} MB`,
				`${idle.toFixed(0)} MB`,
				`${(after / idle).toFixed(2)}×`
			]
		]
	);
} finally {
	await env.dispose();
	process.exit(0);
}
