// Tiles answered in front of SvelteKit's router (src/lib/server/tiles/fast.ts) must be the answers
// the router gives: the same app is started twice on this file's database, once as it runs
// (`fast`) and once with every tile through SvelteKit (`router`, REDGRID_TILE_FAST_PATH=0), and the
// same requests are compared: status, body, headers; a grid worker's ticket tiles hold only their
// zone's tickets, an anonymous request is refused, a stale version is answered as current data to
// revalidate, and a signed-out or cut-off session is refused at once.
import type { ChildProcess } from 'node:child_process';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { freePort } from '../../scripts/lib/cluster';
import { startApp, stopApp } from '../../scripts/lib/app';
import { one } from './helpers';
import { tileAt } from '../../src/lib/server/tiles/coords';
import { tileTag } from '../../src/lib/server/tiles/service';

const apps: Record<'fast' | 'router', { base: string; process: ChildProcess | null }> = {
	fast: { base: '', process: null },
	router: { base: '', process: null }
};

beforeAll(async () => {
	for (const [name, flag] of [
		['fast', '1'],
		['router', '0']
	] as const) {
		const port = await freePort();
		apps[name].base = `http://127.0.0.1:${port}`;
		apps[name].process = await startApp({
			port,
			databaseUrl: process.env.DATABASE_URL!,
			env: { REDGRID_DEMO: '1', REDGRID_SIMULATOR: '0', REDGRID_TILE_FAST_PATH: flag },
			quiet: true
		});
	}
}, 90_000);

afterAll(async () => {
	for (const a of Object.values(apps)) if (a.process) await stopApp(a.process);
});

/** A session cookie of a demo user, signed in at `base` (sessions are shared by both apps). */
async function signIn(username: string, password = 'redgrid-demo', base = apps.fast.base): Promise<string> {
	const res = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	expect(res.status, `signing in as ${username}`).toBe(200);
	return res.headers.getSetCookie()[0].split(';')[0];
}

/** The headers the two paths must agree on (everything but Date / Connection / framing). */
const COMPARED = [
	'content-type',
	'cache-control',
	'etag',
	'vary',
	'x-tile-version',
	'content-encoding',
	'x-content-type-options',
	'referrer-policy',
	'x-frame-options',
	'retry-after'
];

interface Answer {
	status: number;
	headers: Record<string, string | null>;
	body: Buffer;
	contentLength: string | null;
}

async function ask(app: 'fast' | 'router', path: string, headers: Record<string, string>): Promise<Answer> {
	const res = await fetch(`${apps[app].base}${path}`, { headers });
	return {
		status: res.status,
		headers: Object.fromEntries(COMPARED.map((h) => [h, res.headers.get(h)])),
		body: Buffer.from(await res.arrayBuffer()), // gunzipped by fetch when gzip
		contentLength: res.headers.get('content-length')
	};
}

/** The same request to both apps: equal answers; the fast app's (which it answers itself when 200). */
async function same(path: string, headers: Record<string, string> = {}): Promise<Answer> {
	const fast = await ask('fast', path, headers);
	const router = await ask('router', path, headers);
	expect(fast.status, path).toBe(router.status);
	expect(fast.headers, path).toEqual(router.headers);
	expect(fast.body.equals(router.body), `${path}: the same body`).toBe(true);
	return fast;
}

const ids = (body: Buffer, layer: string) => {
	const l = new VectorTile(new Pbf(new Uint8Array(body))).layers[layer];
	return Array.from({ length: l?.length ?? 0 }, (_, i) => Number(l.feature(i).id)).sort((a, b) => a - b);
};

const version = async (layer: string) =>
	(await one<{ v: number }>('SELECT version::float8 AS v FROM layer_versions WHERE layer = $1', [layer])).v;

describe('tiles in front of the router', () => {
	it("gives a grid worker exactly their zone's open tickets, as the router does; a planner none", async () => {
		const zone = await one<{ person: number; lon: number; lat: number }>(
			`SELECT u.person_id AS person, ST_X(ST_Centroid(ST_Collect(g.geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(g.geom))) AS lat
			 FROM users u JOIN grid_cells g ON g.worker_id = u.person_id WHERE u.username = 'gridworker' GROUP BY u.person_id`
		);
		const t = tileAt(zone.lon, zone.lat, 12);
		const path = `/api/tiles/tickets/${t.z}/${t.x}/${t.y}.mvt?v=${tileTag('tickets', await version('tickets'))}`;
		const worker = await signIn('gridworker');
		const admin = await signIn('admin');
		const mine = await same(path, { cookie: worker, 'accept-encoding': 'gzip' });
		// (tiles carry the points within their 64-pixel buffer, as the tile SQL selects them)
		expect(mine.status).toBe(200);
		expect(mine.headers['content-encoding']).toBe('gzip');
		expect(mine.headers['cache-control']).toBe('private, max-age=31536000, immutable');
		// answered in front of the router: a length, where SvelteKit streams it in chunks
		expect(Number(mine.contentLength)).toBeGreaterThan(0);
		const { rows } = await db().query<{ id: number; mine: boolean }>(
			`SELECT t.id, (t.grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = $4) OR t.assignee_id = $4) AS mine
			 FROM tickets t WHERE ticket_is_open(t.status)
			   AND t.geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326) ORDER BY t.id`,
			[t.z, t.x, t.y, zone.person]
		);
		const expected = rows.filter((r) => r.mine).map((r) => r.id);
		expect(expected.length, 'the test needs tickets of the zone in the tile').toBeGreaterThan(0);
		expect(rows.length, 'and tickets outside it').toBeGreaterThan(expected.length);
		expect(ids(mine.body, 'tickets')).toEqual(expected);
		// the admin's tile of the same address: every open ticket (a cache keyed by scope, not shared)
		const all = await same(path, { cookie: admin, 'accept-encoding': 'gzip' });
		expect(ids(all.body, 'tickets')).toEqual(rows.map((r) => r.id));
		expect(all.headers.etag).not.toBe(mine.headers.etag);
		// a planner may not see tickets at all: the router's 403, from both
		const planner = await same(path, { cookie: await signIn('planner') });
		expect(planner.status).toBe(403);
		expect(JSON.parse(planner.body.toString()).code).toBe('forbidden');
	});

	it('refuses an anonymous or unknown session and a bad address as before; answers 304 and a stale version alike', async () => {
		const c = await one<{ lon: number; lat: number }>(
			`SELECT ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM compounds WHERE name = '城建花苑'`
		);
		const t = tileAt(c.lon, c.lat, 15);
		const v = await version('compounds');
		const tag = tileTag('compounds', v);
		const path = `/api/tiles/compounds/${t.z}/${t.x}/${t.y}.mvt`;
		const strangers: Record<string, string>[] = [
			{},
			{ cookie: 'redgrid_session=not-a-session' },
			{ 'x-api-key': 'not-a-key' }
		];
		for (const headers of strangers) {
			const a = await same(`${path}?v=${tag}`, headers);
			expect(a.status, JSON.stringify(headers)).toBe(401);
			expect(a.headers['cache-control']).toBeNull();
		}
		const admin = await signIn('admin');
		const bad = await same('/api/tiles/compounds/15/1/99999.mvt', { cookie: admin });
		expect(bad.status).toBe(400);
		expect(JSON.parse(bad.body.toString()).field).toBe('y');

		const current = await same(`${path}?v=${tag}`, { cookie: admin, 'accept-encoding': 'gzip' });
		expect(current.headers['cache-control']).toBe('private, max-age=31536000, immutable');
		expect(current.status).toBe(200);
		expect(ids(current.body, 'compounds').length).toBeGreaterThan(0);
		// an old version (a page opened before an edit), this version under another release's tile SQL
		// (a rolling update), and none: today's data, to revalidate
		for (const stale of [
			`${path}?v=${tileTag('compounds', v - 1)}`,
			`${path}?v=${v}.00000000`,
			`${path}?v=${v}`,
			path
		]) {
			const a = await same(stale, { cookie: admin, 'accept-encoding': 'gzip' });
			expect(a.status).toBe(200);
			expect(a.headers['cache-control']).toBe('private, no-cache');
			expect(a.headers['x-tile-version']).toBe(String(v));
			expect(a.body.equals(current.body)).toBe(true);
		}
		const unchanged = await same(`${path}?v=${tileTag('compounds', v - 1)}`, {
			cookie: admin,
			'accept-encoding': 'gzip',
			'if-none-match': current.headers.etag!
		});
		expect(unchanged.status).toBe(304);
		expect(unchanged.body.length).toBe(0);
		// without gzip: the plain tile, the same features
		const plain = await same(`${path}?v=${tag}`, { cookie: admin, 'accept-encoding': 'identity' });
		expect(plain.headers['content-encoding']).toBeNull();
		expect(ids(plain.body, 'compounds')).toEqual(ids(current.body, 'compounds'));
	});

	it('refuses a session at once when it signs out, when its password is changed elsewhere, and when cut off in the database', async () => {
		const path = `/api/tiles/areas/0/0/0.mvt`;
		const tile = async (cookie: string, app: 'fast' | 'router' = 'fast') =>
			(await ask(app, path, { cookie })).status;
		// a user of our own (the demo users' passwords stay as other files expect)
		await db().query(
			`INSERT INTO users (username, display_name, password_hash, role, area_id, person_id, must_change_password)
			 SELECT 'tilefast', 'tile fast', password_hash, role, area_id, person_id, false FROM users WHERE username = 'gridworker'`
		);
		// signing out
		const once = await signIn('tilefast');
		expect(await tile(once)).toBe(200); // now in the fast path's session cache
		const out = await fetch(`${apps.fast.base}/api/session`, {
			method: 'DELETE',
			headers: { cookie: once, origin: apps.fast.base }
		});
		expect(out.status).toBeLessThan(300);
		expect(await tile(once)).toBe(401);

		// the password changed through one session (on the other app): the other sessions end
		const kept = await signIn('tilefast', 'redgrid-demo', apps.router.base);
		const other = await signIn('tilefast');
		expect(await tile(other)).toBe(200);
		const changed = await fetch(`${apps.router.base}/api/me/password`, {
			method: 'POST',
			headers: { cookie: kept, origin: apps.router.base, 'content-type': 'application/json' },
			body: JSON.stringify({ currentPassword: 'redgrid-demo', newPassword: 'a-new-password-1' })
		});
		expect(changed.status).toBe(200);
		// the fast app hears NOTIFY auth_changed from the other instance: refused within a moment
		const refusedWithin = async (cookie: string, ms: number) => {
			const deadline = Date.now() + ms;
			for (;;) {
				const s = await tile(cookie);
				if (s !== 200 || Date.now() > deadline) return s;
				await new Promise((r) => setTimeout(r, 20));
			}
		};
		expect(await refusedWithin(other, 1000)).toBe(401);
		expect(await tile(kept)).toBe(200);

		// cut off in the database (an administrator's reset on any instance deletes the sessions)
		expect(await tile(kept, 'fast')).toBe(200);
		await db().query(
			`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'tilefast')`
		);
		expect(await refusedWithin(kept, 1000)).toBe(401);
		expect(await tile(kept, 'router')).toBe(401);
	});
});
