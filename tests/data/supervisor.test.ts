// `npm start` keeps the city served through a crash of its web server: after kill -9 of the web
// server process a new one answers on the same port (the database kept running), and a live-stream
// client that reconnects with its Last-Event-ID gets every event written meanwhile, exactly once.
// Slow (it seeds the demo city through `npm start` itself): in `npm run test:data`.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayCluster, type Throwaway } from '../../scripts/lib/throwaway';
import { ensureDatabase, freePort } from '../../scripts/lib/cluster';

let pgc: Throwaway;
let start: ChildProcess;
let base: string;
let port: number;
let sql: pg.Client;
let output = '';

/** The pid of the process listening on the port (the web server, not `npm start` itself). */
function listenerPid(p: number): number {
	const line = execFileSync('ss', ['-Hltnp', `sport = :${p}`], { encoding: 'utf8' });
	const pid = /pid=(\d+)/.exec(line)?.[1];
	if (!pid) throw new Error(`nothing listens on port ${p}: ${line}`);
	return Number(pid);
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
	const t0 = Date.now();
	while (Date.now() - t0 < ms) {
		const v = await probe().catch(() => undefined);
		if (v !== undefined) return v;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${what}: not within ${ms} ms`);
}

/** Reads an event stream until `done(text)` holds (or 15 s pass); the text read. */
async function readStream(
	headers: Record<string, string>,
	done: (text: string) => boolean
): Promise<{ text: string; ctl: AbortController }> {
	const ctl = new AbortController();
	const res = await fetch(`${base}/api/events`, { headers, signal: ctl.signal });
	expect(res.status).toBe(200);
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	const guard = setTimeout(() => ctl.abort(), 15_000);
	try {
		while (!done(text)) {
			const { done: ended, value } = await reader.read();
			if (ended) break;
			text += decoder.decode(value);
		}
	} catch {
		// aborted by the guard: the caller's assertions say what was missing
	} finally {
		clearTimeout(guard);
	}
	return { text, ctl };
}

/** The `id:` of every ticket event in an SSE text with this ticket id. */
const idsOf = (text: string, ticketId: number) =>
	[...text.matchAll(/id: (\d+)\nevent: ticket\ndata: (.*)\n/g)]
		.filter((m) => JSON.parse(m[2]).ticketId === ticketId)
		.map((m) => Number(m[1]));

beforeAll(async () => {
	pgc = await throwawayCluster(() => {});
	await ensureDatabase(pgc.cluster, 'start');
	const url = pgc.cluster.url('start');
	port = await freePort();
	base = `http://127.0.0.1:${port}`;
	start = spawn(process.execPath, ['scripts/start.mjs'], {
		env: {
			...process.env,
			DATABASE_URL: url,
			PORT: String(port),
			REDGRID_DEMO: '1',
			REDGRID_SIMULATOR: '0',
			REDGRID_DATA_DIR: pgc.scratch,
			REDGRID_TLS: ''
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	start.stdout!.on('data', (d) => (output += d));
	start.stderr!.on('data', (d) => (output += d));
	await until('npm start ready', 280_000, async () =>
		output.includes('RedGrid is ready') ? true : start.exitCode !== null ? Promise.reject() : undefined
	).catch((err) => {
		throw new Error(`${(err as Error).message}\n${output}`);
	});
	sql = new pg.Client({ connectionString: url });
	await sql.connect();
}, 300_000);

afterAll(async () => {
	await sql?.end().catch(() => {});
	if (start && start.exitCode === null) {
		const exited = new Promise((r) => start.once('exit', r));
		start.kill('SIGTERM');
		await exited;
	}
	pgc?.dispose();
}, 60_000);

describe('npm start after kill -9 of its web server', () => {
	it('serves again on the same port, and a reconnecting stream misses no event', async () => {
		const signIn = await fetch(`${base}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'admin', password: 'redgrid-demo' })
		});
		expect(signIn.status).toBe(200);
		const cookie = signIn.headers.getSetCookie()[0].split(';')[0];

		// a ticket filed while a client listens: its `created` event is the client's last seen id
		const { rows: at } = await sql.query<{ lon: number; lat: number }>(
			'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM tickets ORDER BY id LIMIT 1'
		);
		let ticketId = 0;
		const first = readStream({ cookie }, (t) => ticketId > 0 && idsOf(t, ticketId).length > 0);
		await new Promise((r) => setTimeout(r, 500)); // the stream is open before the ticket
		const filed = await fetch(`${base}/api/tickets`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ category: 'water', description: 'supervisor test ticket', ...at[0] })
		});
		expect(filed.status).toBe(201);
		ticketId = (await filed.json()).ticket.id;
		const before = await first;
		before.ctl.abort();
		const seen = idsOf(before.text, ticketId);
		expect(seen.length).toBeGreaterThan(0); // filed, and assigned when routing found a holder
		const lastSeen = Math.max(...seen);

		// kill -9 of the web server; while it is down, another writer adds two events
		const oldPid = listenerPid(port);
		process.kill(oldPid, 'SIGKILL');
		const { rows: written } = await sql.query<{ seq: string }>(
			`INSERT INTO ticket_events (ticket_id, district_id, kind, note)
			 SELECT id, district_id, 'note', n FROM tickets, unnest(ARRAY['while down 1', 'while down 2']) n
			 WHERE id = $1 RETURNING seq`,
			[ticketId]
		);
		expect(written).toHaveLength(2);

		// a new web server on the same port, the same database
		await until('the web server back', 20_000, async () =>
			(await fetch(`${base}/api/health`)).status === 200 ? true : undefined
		);
		expect(listenerPid(port)).not.toBe(oldPid);
		expect(output).toMatch(/the web server exited \(SIGKILL\); restarting it in 1 s/);
		// (logged once the new server answered its health check, a moment after our probe)
		await until('the restart logged', 5000, async () =>
			output.includes(`the web server is back on port ${port}`) ? true : undefined
		);

		// the session survived (it lives in the database); the stream resumes after the last seen id
		// (every event of the ticket after the last one seen: the two written while down among them)
		const { rows: missed } = await sql.query<{ seq: string }>(
			'SELECT seq FROM ticket_events WHERE ticket_id = $1 AND seq > $2 ORDER BY seq',
			[ticketId, lastSeen]
		);
		const wanted = missed.map((r) => Number(r.seq));
		expect(wanted).toEqual(expect.arrayContaining(written.map((r) => Number(r.seq))));
		const after = await readStream({ cookie, 'last-event-id': String(lastSeen) }, (t) =>
			wanted.every((id) => idsOf(t, ticketId).includes(id))
		);
		after.ctl.abort();
		expect(idsOf(after.text, ticketId)).toEqual(wanted);
	}, 120_000);
});
