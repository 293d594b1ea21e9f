// The scale-out topology on one machine (scripts/lib/topology.ts, README "Past one machine"): a
// primary and its streaming replica, two instances of the built app, nginx in front. Shows that the
// two instances serve one city as one: sessions, live events, tile versions, the replica's reads,
// its lag, the wait for a version it has not replayed, and a crash of one instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { NGINX_BIND, startTopology, type Instance, type Topology } from '../../scripts/lib/topology';
import { tileAt } from '../../src/lib/server/tiles/coords';
import { tileTag } from '../../src/lib/server/tiles/service';
import { sseBlocks } from './helpers';

let t: Topology;
let a: Instance;
let b: Instance;
let cookie: string;

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(
	url: string,
	text: string,
	params: unknown[] = []
): Promise<T[]> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return (await c.query<T>(text, params)).rows;
	} finally {
		await c.end();
	}
}

/**
 * Signs in as the demo admin. The instances take the client's address from X-Forwarded-For (they
 * sit behind nginx, which sets it); a test that talks to an instance directly plays nginx's part.
 */
async function login(base: string): Promise<string> {
	const res = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' },
		body: JSON.stringify({ username: 'admin', password: 'redgrid-demo' })
	});
	expect(res.status).toBe(200);
	return res.headers.getSetCookie()[0].split(';')[0];
}

const get = (url: string, c = cookie) => fetch(url, { headers: { cookie: c } });
const json = async <T = Record<string, unknown>>(url: string, c = cookie): Promise<T> => {
	const res = await get(url, c);
	expect(res.status, url).toBe(200);
	return (await res.json()) as T;
};
const send = (url: string, method: string, body: unknown) =>
	fetch(url, {
		method,
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 5000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined && v !== false) return v;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

/** An SSE client: reads the stream in the background, keeping each ticket event's id and data. */
function listen(base: string, lastEventId?: string) {
	const ctl = new AbortController();
	const events: { id: string; ticketId: number; eventId: number }[] = [];
	let upstream = '';
	let ended = false;
	const opened = fetch(`${base}/api/events`, {
		headers: { cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
		signal: ctl.signal
	});
	const connected = (async () => {
		const res = await opened;
		expect(res.status).toBe(200);
		upstream = res.headers.get('x-redgrid-upstream') ?? '';
		let greeted: () => void = () => {};
		const greeting = new Promise<void>((r) => (greeted = r));
		void (async () => {
			try {
				for await (const { block, id, event, data } of sseBlocks(res.body)) {
					if (block.includes(': connected')) greeted();
					if (id && data && event === 'ticket') {
						const d = JSON.parse(data);
						events.push({ id, ticketId: d.ticketId, eventId: d.id });
					}
				}
			} catch {
				// aborted, or the instance died
			}
			ended = true;
		})();
		await greeting;
	})();
	return {
		events,
		connected,
		get upstream() {
			return upstream;
		},
		get ended() {
			return ended;
		},
		close: () => ctl.abort()
	};
}

/** A point on a live building (where a ticket may be filed). */
async function buildingPoint() {
	const [p] = await sql<{ lon: number; lat: number }>(
		t.primaryUrl,
		`SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat FROM buildings b, ST_PointOnSurface(b.geom) pt
		 WHERE b.retired_at IS NULL ORDER BY b.id LIMIT 1`
	);
	return p;
}

async function fileTicket(base: string, note: string): Promise<number> {
	const p = await buildingPoint();
	const res = await send(`${base}/api/tickets`, 'POST', {
		category: 'water',
		description: `拓扑测试 ${note}`,
		lon: p.lon,
		lat: p.lat
	});
	expect(res.status, await res.clone().text()).toBe(201);
	return Number(((await res.json()) as { ticket: { id: number } }).ticket.id);
}

/** The ids of a set of tickets' events in feed order, as the primary has them. */
const eventsOf = async (ids: number[]) =>
	(
		await sql<{ id: number }>(
			t.primaryUrl,
			'SELECT id FROM ticket_events WHERE ticket_id = ANY($1) ORDER BY seq',
			[ids]
		)
	).map((r) => Number(r.id));

// --- tiles
/** The web-mercator tile of a point at zoom z. */

let facility: { id: number; lon: number; lat: number; name: string };

const facilitiesVersion = async (base: string) =>
	(await json<{ data_version: number }>(`${base}/api/tiles/facilities.json`)).data_version;

/** The facility's name in its z15 tile of `version` as instance `base` answers it, and the headers. */
async function nameInTile(base: string, version: number, z = 15) {
	const { x, y } = tileAt(facility.lon, facility.lat, z);
	const res = await get(
		`${base}/api/tiles/facilities/${z}/${x}/${y}.mvt?v=${tileTag('facilities', version)}`
	);
	expect(res.status).toBe(200);
	const layer = new VectorTile(new Pbf(Buffer.from(await res.arrayBuffer()))).layers.facilities;
	let name: unknown;
	for (let i = 0; i < (layer?.length ?? 0); i++) {
		const f = layer.feature(i);
		if (Number(f.id) === facility.id) name = f.properties.name;
	}
	return {
		name,
		version: Number(res.headers.get('x-tile-version')),
		cache: res.headers.get('cache-control')
	};
}

/** Renames the facility through `base` (the editing API), as a user of instance `base` would. */
async function rename(base: string, name: string) {
	const rec = await json<{ version: number }>(`${base}/api/edit/facilities/${facility.id}`);
	const res = await send(`${base}/api/edit/facilities/${facility.id}`, 'PATCH', {
		version: rec.version,
		name
	});
	expect(res.status, await res.clone().text()).toBe(200);
}

type Health = {
	replica: {
		status: string;
		lagBytes: number;
		lagSeconds: number;
		replay: string;
		tileReads: { immediate: number; waited: number; primary: number };
	};
};

beforeAll(async () => {
	// the primary gets a copy of this file's own database (cloned from the seeded template)
	t = await startTopology({ copyFrom: process.env.DATABASE_URL });
	[a, b] = t.instances;
	cookie = await login(a.url);
	const [f] = await sql<{ id: number; lon: number; lat: number; name: string }>(
		t.primaryUrl,
		`SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat, name FROM facilities
		 WHERE retired_at IS NULL AND GeometryType(geom) = 'POINT' ORDER BY id LIMIT 1`
	);
	facility = { ...f, id: Number(f.id) };
}, 180_000);

afterAll(async () => {
	await t?.stop();
});

describe('two instances, a primary and a streaming replica behind nginx', () => {
	it('a session made on instance A is valid on B and through nginx on both; signing out on A ends it on B', async () => {
		const mine = await login(a.url);
		expect((await json<{ user: { username: string } }>(`${b.url}/api/session`, mine)).user.username).toBe(
			'admin'
		);
		const upstreams = new Set<string>();
		for (let i = 0; i < 4; i++) {
			const res = await get(`${t.url}/api/session`, mine);
			expect(((await res.json()) as { user: { username: string } }).user.username).toBe('admin');
			upstreams.add(res.headers.get('x-redgrid-upstream') ?? '');
		}
		expect([...upstreams].sort()).toEqual([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`].sort());

		expect((await fetch(`${a.url}/api/session`, { method: 'DELETE', headers: { cookie: mine } })).ok).toBe(
			true
		);
		await until('B forgets the session', async () => {
			const r = await json<{ user: unknown }>(`${b.url}/api/session`, mine);
			return r.user === null;
		});
	});

	it("the instances see the client's address through nginx, not nginx's (the failed-login limit counts clients)", async () => {
		const res = await fetch(`${t.url}/api/session`, {
			method: 'POST',
			// a client cannot choose its address: nginx appends the one it sees, the instances take the last
			headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
			body: JSON.stringify({ username: 'topology-nobody', password: 'wrong' })
		});
		expect(res.status).toBe(401);
		const rows = await sql<{ client: string }>(
			t.primaryUrl,
			'SELECT client FROM login_failures WHERE username = $1',
			['topology-nobody']
		);
		expect(rows.map((r) => r.client)).toEqual(['127.0.0.1']);
		expect(NGINX_BIND).not.toBe('127.0.0.1');
	});

	it('a ticket filed through A reaches an SSE client connected to B', async () => {
		const s = listen(b.url);
		await s.connected;
		try {
			const id = await fileTicket(a.url, 'A→B');
			const want = await eventsOf([id]);
			expect(want.length).toBeGreaterThan(0);
			await until(
				'the events on B',
				async () => s.events.filter((e) => e.ticketId === id).length >= want.length
			);
			expect(s.events.filter((e) => e.ticketId === id).map((e) => e.eventId)).toEqual(want);
		} finally {
			s.close();
		}
	});

	it('reads run on the replica, not on the primary (pg_stat_statements on both)', async () => {
		for (const url of [t.primaryUrl, t.replicaUrl]) await sql(url, 'SELECT pg_stat_statements_reset()');
		const v = await facilitiesVersion(t.url);
		const { x, y } = tileAt(facility.lon, facility.lat, 13);
		for (const path of [
			`/api/tiles/facilities/13/${x}/${y}.mvt?v=${tileTag('facilities', v)}`,
			`/api/analysis/density?zoom=12`,
			`/api/export/layers/facilities?format=geojson`
		])
			expect((await get(`${t.url}${path}`)).status, path).toBe(200);
		const calls = async (url: string) =>
			(
				await sql<{ tile: number; density: number; export: number }>(
					url,
					`SELECT coalesce(sum(calls) FILTER (WHERE query LIKE '%ST_AsMVT(f.*%' AND query LIKE '%FROM facilities fa%'), 0)::int AS tile,
					        coalesce(sum(calls) FILTER (WHERE query LIKE '%ST_HexagonGrid%' OR query LIKE '%6378137 * radians(ST_X(t.geom))%'), 0)::int AS density,
					        coalesce(sum(calls) FILTER (WHERE query LIKE '%facilities%' AND query LIKE '%ST_AsGeoJSON%'), 0)::int AS export
					 FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`
				)
			)[0];
		const onReplica = await calls(t.replicaUrl);
		const onPrimary = await calls(t.primaryUrl);
		expect(onReplica.tile).toBeGreaterThanOrEqual(1);
		expect(onReplica.density).toBeGreaterThanOrEqual(1);
		expect(onReplica.export).toBeGreaterThanOrEqual(1);
		expect(onPrimary).toEqual({ tile: 0, density: 0, export: 0 });
	});

	it("an edit on A invalidates B's tile cache: B answers the new version with the new data", async () => {
		const v1 = await facilitiesVersion(b.url);
		const before = await nameInTile(b.url, v1); // now in B's cache
		expect(before).toMatchObject({ name: facility.name, version: v1 });
		await rename(a.url, `${facility.name}（A改）`);
		const v2 = await until('B learns the new version', async () => {
			const v = await facilitiesVersion(b.url);
			return v > v1 && v;
		});
		const after = await nameInTile(b.url, v2);
		expect(after).toEqual({
			name: `${facility.name}（A改）`,
			version: v2,
			cache: expect.stringContaining('immutable')
		});
	});

	it('a tile of a version the paused replica has not replayed waits, then comes from the primary; the lag shows in /api/health', async () => {
		await sql(t.replicaUrl, 'SELECT pg_wal_replay_pause()');
		try {
			await until('replay paused', async () => {
				const [r] = await sql<{ s: string }>(t.replicaUrl, 'SELECT pg_get_wal_replay_pause_state() AS s');
				return r.s === 'paused';
			});
			const v1 = await facilitiesVersion(b.url);
			const reads0 = (await json<Health>(`${b.url}/api/health`)).replica.tileReads;
			await rename(a.url, `${facility.name}（暂停中）`);
			const v2 = await until('B learns the new version', async () => {
				const v = await facilitiesVersion(b.url);
				return v > v1 && v;
			});
			// the replica still has the old name: a tile read there would be wrong
			const [onReplica] = await sql<{ name: string }>(
				t.replicaUrl,
				'SELECT name FROM facilities WHERE id = $1',
				[facility.id]
			);
			expect(onReplica.name).toBe(`${facility.name}（A改）`);
			// the seconds count once the replica has received the WAL it is not replaying (the
			// walreceiver gets it a moment after the commit): asked until then
			const health = await until('the replica receives the WAL it does not replay', async () => {
				const h = await json<Health>(`${b.url}/api/health`);
				return h.replica.lagSeconds > 0 && h;
			});
			expect(health.replica).toMatchObject({ status: 'streaming', replay: 'paused' });
			expect(health.replica.lagBytes).toBeGreaterThan(0);
			expect(health.replica.lagSeconds).toBeGreaterThan(0);

			const t0 = Date.now();
			const tile = await nameInTile(b.url, v2, 14); // a tile B has not cached at any version
			const waited = Date.now() - t0;
			expect(tile).toMatchObject({ name: `${facility.name}（暂停中）`, version: v2 });
			expect(waited).toBeGreaterThanOrEqual(900);
			const reads1 = (await json<Health>(`${b.url}/api/health`)).replica.tileReads;
			expect(reads1.primary).toBe(reads0.primary + 1);
		} finally {
			await sql(t.replicaUrl, 'SELECT pg_wal_replay_resume()');
		}
		// replayed again: the lag goes back to nothing, and the next version is read on the replica
		await until('the replica catches up', async () => {
			const h = await json<Health>(`${a.url}/api/health`);
			return h.replica.lagBytes === 0 && h.replica.replay === 'not paused';
		});
		const before = (await json<Health>(`${a.url}/api/health`)).replica.tileReads;
		const v3 = await facilitiesVersion(a.url);
		const tile = await nameInTile(a.url, v3, 16);
		expect(tile).toMatchObject({ name: `${facility.name}（暂停中）`, version: v3 });
		const after = (await json<Health>(`${a.url}/api/health`)).replica.tileReads;
		expect(after.primary).toBe(before.primary);
		expect(after.immediate + after.waited).toBe(before.immediate + before.waited + 1);
	});

	it('a replica that is down fails nothing: its reads go to the primary, /api/health says down', async () => {
		t.stopReplica();
		try {
			const h = await json<Health>(`${a.url}/api/health`);
			expect(h.replica.status).toBe('down');
			for (const path of ['/api/analysis/density?zoom=12', '/api/export/layers/facilities?format=geojson'])
				expect((await get(`${a.url}${path}`)).status, path).toBe(200);
			const v1 = await facilitiesVersion(a.url);
			await rename(a.url, `${facility.name}（备库停）`);
			const v2 = await until('A learns the new version', async () => {
				const v = await facilitiesVersion(a.url);
				return v > v1 && v;
			});
			expect(await nameInTile(a.url, v2, 15)).toMatchObject({
				name: `${facility.name}（备库停）`,
				version: v2
			});
		} finally {
			await t.startReplica();
		}
		await until(
			'the replica streams again',
			async () => {
				const h = await json<Health>(`${a.url}/api/health`);
				return h.replica.status === 'streaming' && h.replica.lagBytes === 0;
			},
			15_000
		);
	});

	it('killing the instance a client streams from loses no event: it reconnects through nginx to the other with Last-Event-ID', async () => {
		const first = listen(t.url);
		await first.connected;
		const victim = t.instances.find((i) => first.upstream === `127.0.0.1:${i.port}`);
		expect(victim, `upstream ${first.upstream}`).toBeDefined();
		const t1 = await fileTicket(t.url, 'before the crash');
		const want1 = await eventsOf([t1]);
		await until(
			'the first events',
			async () => first.events.filter((e) => e.ticketId === t1).length >= want1.length
		);
		const lastId = first.events[first.events.length - 1].id;

		await t.kill(victim!);
		await until('the stream ends with its instance', async () => first.ended);
		// filed while the client is away (nginx sends them to the survivor)
		const t2 = await fileTicket(t.url, 'during the outage 1');
		const t3 = await fileTicket(t.url, 'during the outage 2');

		const second = listen(t.url, lastId);
		await second.connected;
		try {
			const survivor = t.instances.find((i) => i !== victim)!;
			expect(second.upstream).toBe(`127.0.0.1:${survivor.port}`);
			const ids = [t1, t2, t3];
			const want = await eventsOf(ids);
			const got = () => [...first.events, ...second.events].filter((e) => ids.includes(e.ticketId));
			await until('every event after the reconnect', async () => got().length >= want.length);
			expect(got().map((e) => e.eventId)).toEqual(want);
		} finally {
			first.close();
			second.close();
		}
	});
});
