// Memory figures of `npm run bench -- intake --only streams|import` (issue 16, "Speed"):
// 1. the app's resident memory with N live-event clients that replay the whole feed from
//    Last-Event-ID: 0 and never read, against the same app idle;
// 2. an import dry run of a large GeoJSON (the 95 MB, 270,000 rows) in the import command:
//    its peak resident memory and time, against the file's size, the same command on a small file,
//    and a plain JSON.parse of the same big file, each in its own process in the same run.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Resident memory of a process now (VmRSS) and at its highest so far (VmHWM), MB. */
export function processMemory(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StreamFigures {
	idle: number;
	peak: number;
	open: number;
	after: number;
}

/**
 * Opens `clients` raw-socket SSE clients with Last-Event-ID: 0 (replay of the whole feed) that never
 * read, samples the app's RSS each second for `seconds`, closes them and measures again 5 s later.
 */
export async function sseMemory(
	base: URL,
	pid: number,
	apiKey: string,
	clients: number,
	seconds = 20
): Promise<StreamFigures> {
	await sleep(3000);
	const idle = processMemory(pid).rss;
	const sockets: net.Socket[] = [];
	for (let i = 0; i < clients; i++) {
		const s = net.connect(Number(base.port), base.hostname);
		s.on('error', () => {});
		s.write(
			`GET /api/events HTTP/1.1\r\nHost: ${base.host}\r\nX-API-Key: ${apiKey}\r\nLast-Event-ID: 0\r\nAccept: text/event-stream\r\n\r\n`
		);
		s.pause(); // never read: the kernel's buffers fill, then the server must hold back
		sockets.push(s);
	}
	let peak = idle;
	for (let t = 0; t < seconds; t++) {
		await sleep(1000);
		peak = Math.max(peak, processMemory(pid).rss);
	}
	const open = processMemory(pid).rss;
	for (const s of sockets) s.destroy();
	await sleep(5000);
	return { idle, peak, open, after: processMemory(pid).rss };
}

/**
 * Writes a GeoJSON of `rows` facilities (libraries) spread over the given community points, each
 * with a `remark` of `padding` characters that no field maps (read and dropped, as in real files).
 * Returns its size in bytes.
 */
export async function writeFacilitiesGeoJson(
	file: string,
	rows: number,
	places: { code: string; lon: number; lat: number }[],
	padding = 200
): Promise<number> {
	const out = createWriteStream(file);
	const write = (s: string) =>
		out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
	await write('{"type":"FeatureCollection","features":[\n');
	const remark = '备注'.repeat(padding / 2);
	for (let i = 0; i < rows; i++) {
		const p = places[i % places.length];
		const f = {
			type: 'Feature',
			properties: {
				code: `BENCH-${i}`,
				type: 'library',
				name: `农家书屋 ${i}`,
				area_code: p.code,
				remark
			},
			geometry: {
				type: 'Point',
				coordinates: [p.lon + ((i % 97) - 48) * 1e-5, p.lat + ((i % 89) - 44) * 1e-5]
			}
		};
		await write(`${i ? ',\n' : ''}${JSON.stringify(f)}`);
	}
	await write('\n]}\n');
	await new Promise<void>((r) => out.end(() => r()));
	return statSync(file).size;
}

export interface RunFigures {
	/** peak resident memory, MB */
	peak: number;
	/** wall time, ms */
	ms: number;
	code: number | null;
	output: string;
}

/** Runs a Node process to its end, sampling its peak resident memory (VmHWM) every 50 ms. */
export function measureProcess(args: string[], env: NodeJS.ProcessEnv): Promise<RunFigures> {
	return new Promise((resolve) => {
		const t0 = performance.now();
		const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const keep = (d: Buffer) => {
			output = (output + d.toString()).slice(-4000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		let peak = 0;
		const timer = setInterval(() => {
			try {
				peak = Math.max(peak, processMemory(child.pid!).peak);
			} catch {
				// exited
			}
		}, 50);
		child.on('exit', (code) => {
			clearInterval(timer);
			resolve({ peak, ms: performance.now() - t0, code, output });
		});
	});
}

/** A plain `JSON.parse` of a file in a fresh Node process (the baseline of the import's memory and time). */
export const jsonParseArgs = (file: string) => [
	'-e',
	`const s = require('node:fs').readFileSync(${JSON.stringify(path.resolve(file))}, 'utf8'); const v = JSON.parse(s); console.log(v.features.length);`
];
