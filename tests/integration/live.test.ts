// The live feed: commit-safe ordering, and SSE resume across an app restart and a dropped
// database connection, with no event lost or duplicated.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { readFeed, headCursor, cursorOf, type Cursor } from '../../src/lib/server/tickets/events';
import { one, sseBlocks } from './helpers';

async function client() {
	const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
	await c.connect();
	return c;
}

const insertEvent = (c: pg.Client, ticketId: number, note: string) =>
	c.query<{ id: number }>(
		`INSERT INTO ticket_events (ticket_id, district_id, kind, note) SELECT id, district_id, 'note', $2 FROM tickets WHERE id = $1 RETURNING id`,
		[ticketId, note]
	);

describe('commit-ordered feed', () => {
	it('numbers events in commit order, so a reader never finds a late event below its cursor', async () => {
		const t = await one<{ id: number }>('SELECT id FROM tickets ORDER BY id LIMIT 1');
		const start = await headCursor();
		const a = await client();
		const b = await client();
		try {
			await a.query('BEGIN');
			const first = (await insertEvent(a, t.id, 'a')).rows[0].id;
			await b.query('BEGIN');
			// b waits for a's commit before it can number its event
			const second = insertEvent(b, t.id, 'b');
			await new Promise((r) => setTimeout(r, 200));
			expect((await readFeed(start)).map((e) => e.id)).toEqual([]);
			await a.query('COMMIT');
			const seen = await readFeed(start);
			expect(seen.map((e) => e.id)).toEqual([first]);
			const secondId = (await second).rows[0].id;
			expect((await readFeed(cursorOf(seen[0]))).map((e) => e.id)).toEqual([]);
			await b.query('COMMIT');
			const rest = await readFeed(cursorOf(seen[0]));
			expect(rest.map((e) => e.id)).toEqual([secondId]);
			expect(rest[0].seq).toBeGreaterThan(seen[0].seq);
		} finally {
			await a.end();
			await b.end();
		}
	});

	it('is not held back by an unrelated long transaction', async () => {
		const t = await one<{ id: number }>('SELECT id FROM tickets ORDER BY id LIMIT 1');
		const start = await headCursor();
		const slow = await client();
		const w = await client();
		try {
			await slow.query('BEGIN');
			await slow.query(
				`INSERT INTO working_calendar (day, is_working, note) VALUES ('2035-01-01', false, 'open')`
			);
			const id = (await insertEvent(w, t.id, 'w')).rows[0].id;
			expect((await readFeed(start)).map((e) => e.id)).toEqual([id]);
		} finally {
			await slow.query('ROLLBACK');
			await slow.end();
			await w.end();
		}
	});
});

// --- SSE against a real app process on this file's database -------------------------------------

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});

let app: ChildProcess | undefined;
async function startApp(port: number) {
	app = spawn(process.execPath, [`${process.env.REDGRID_BUILD_DIR ?? 'build'}/index.js`], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			REDGRID_SIMULATOR: '0',
			REDGRID_APP_NAME: 'redgrid-sse-test'
		},
		stdio: 'ignore'
	});
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
		} catch {
			/* starting */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('app did not start');
}
async function stopApp() {
	if (!app) return;
	const a = app;
	app = undefined;
	await new Promise((r) => {
		a.once('exit', r);
		a.kill('SIGKILL');
	});
}
afterAll(stopApp);

/** Reads an SSE stream until `want` ticket events arrived or the time is up; returns ids and the last id. */
async function collect(
	url: string,
	cookie: string,
	lastEventId: string | undefined,
	want: number,
	ms = 8000
) {
	const ctl = new AbortController();
	const timer = setTimeout(() => ctl.abort(), ms);
	const res = await fetch(url, {
		headers: { cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
		signal: ctl.signal
	});
	expect(res.status).toBe(200);
	const events: { id: string; ticketId: number; note: string | null; eventId: number }[] = [];
	try {
		for await (const { id, data } of sseBlocks(res.body)) {
			if (id && data) {
				const d = JSON.parse(data);
				events.push({ id, ticketId: d.ticketId, note: d.note ?? null, eventId: d.id });
			}
			if (events.length >= want) break;
		}
	} catch {
		/* aborted at the deadline */
	} finally {
		clearTimeout(timer);
		ctl.abort();
	}
	return events;
}

describe('SSE resume', () => {
	it('delivers every event once across an app restart and a lost database connection', async () => {
		const port = await freePort();
		await startApp(port);
		const base = `http://127.0.0.1:${port}`;
		const login = await fetch(`${base}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'admin', password: 'redgrid-demo' })
		});
		const cookie = login.headers.getSetCookie()[0].split(';')[0];
		const t = await one<{ id: number }>('SELECT id FROM tickets ORDER BY id DESC LIMIT 1');
		const c = await client();
		const made: number[] = [];
		const write = async (n: number) => {
			for (let i = 0; i < n; i++) made.push((await insertEvent(c, t.id, `e${made.length}`)).rows[0].id);
		};
		try {
			// 1. live: connect, then 3 events
			const firstRead = collect(`${base}/api/events`, cookie, undefined, 3);
			await new Promise((r) => setTimeout(r, 500));
			await write(3);
			const got1 = await firstRead;
			expect(got1.map((e) => e.eventId)).toEqual(made.slice(0, 3));

			// 2. the app goes away; 4 events happen meanwhile; a new app process; resume
			await stopApp();
			await write(4);
			await startApp(port);
			const relog = await fetch(`${base}/api/session`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: 'admin', password: 'redgrid-demo' })
			});
			const cookie2 = relog.headers.getSetCookie()[0].split(';')[0];
			const got2 = await collect(`${base}/api/events`, cookie2, got1[2].id, 4);
			expect(got2.map((e) => e.eventId)).toEqual(made.slice(3, 7));

			// 3. the database drops every connection of the app (as in a database restart)
			const resumeFrom = got2[3].id;
			const live = collect(`${base}/api/events`, cookie2, resumeFrom, 5, 10_000);
			await new Promise((r) => setTimeout(r, 500));
			const killed = await db().query(
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'redgrid-sse-test%'"
			);
			expect(killed.rowCount).toBeGreaterThan(0);
			const c2 = await client();
			for (let i = 0; i < 5; i++) made.push((await insertEvent(c2, t.id, `late${i}`)).rows[0].id);
			await c2.end();
			const got3 = await live;
			// whatever the stream delivered before it broke, a resume from its last id completes it
			const last = got3.length ? got3[got3.length - 1].id : resumeFrom;
			const rest = got3.length < 5 ? await collect(`${base}/api/events`, cookie2, last, 5 - got3.length) : [];
			expect([...got3, ...rest].map((e) => e.eventId)).toEqual(made.slice(7, 12));
		} finally {
			await c.end().catch(() => {});
		}
	});
});

export type { Cursor };
