// The row-scope module (src/lib/server/auth/scope.ts) through the services that use it: for each role
// and each kind of data an in-scope and an out-of-scope row, on the seeded demo city. Tickets are
// filed through the real intake (routing by PostGIS); "assigned" ones are moved to a person the way a
// dispatch does, so the assignee rule (zone plus assigned tickets) is exercised everywhere.
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type Scope } from '../../src/lib/server/auth/roles';
import {
	canActOn,
	peopleCondition,
	RULES,
	SqlWhere,
	ticketFilter,
	ticketInScope
} from '../../src/lib/server/auth/scope';
import {
	createTicket,
	getTicket,
	listTickets,
	nearbyOpenTickets,
	type NewTicket
} from '../../src/lib/server/tickets/service';
import { readFeed } from '../../src/lib/server/tickets/events';
import { renderTile } from '../../src/lib/server/tiles/service';
import { stopLayerVersions } from '../../src/lib/server/tiles/versions';
import { FEATURE_LAYERS, featureQuery } from '../../src/lib/server/export/layers';
import { featureDetails } from '../../src/lib/server/features/service';
import { density, DensityQuery } from '../../src/lib/server/analysis/density';
import { getPatrol } from '../../src/lib/server/field/patrols';
import { demoUser, one } from './helpers';

afterAll(() => stopLayerVersions());

const ROLES = ['admin', 'official', 'jizhou', 'gridworker', 'steward', 'planner'] as const;
type Who = (typeof ROLES)[number];
const scopes = {} as Record<Who, Scope>;
const person = {} as Record<'gridworker' | 'steward', number>;

/** The fixture tickets: in a cell of the grid worker, in a building of the steward, far away
 * (another district, nobody's zone among the demo users) and far away but assigned to each. */
type Fixture = 'cell' | 'building' | 'far' | 'farToWorker' | 'farToSteward';
const T = {} as Record<Fixture, { id: number; lon: number; lat: number; communityId: number }>;

/** Which fixtures each role must see and must not see (tickets and every kind derived from them). */
const EXPECT: Record<Who, { sees: Fixture[]; hidden: Fixture[] } | 'refused'> = {
	admin: { sees: ['cell', 'building', 'far', 'farToWorker', 'farToSteward'], hidden: [] },
	official: { sees: ['cell', 'building', 'far', 'farToWorker', 'farToSteward'], hidden: [] },
	jizhou: { sees: ['cell', 'building'], hidden: ['far', 'farToWorker', 'farToSteward'] },
	gridworker: { sees: ['cell', 'farToWorker'], hidden: ['far', 'farToSteward'] },
	steward: { sees: ['building', 'farToSteward'], hidden: ['far', 'farToWorker'] },
	planner: 'refused'
};

const report = (lon: number, lat: number, category: NewTicket['category']): NewTicket => ({
	category,
	description: '范围测试',
	lon,
	lat,
	reporterName: '李四',
	reporterPhone: '13900001111'
});

async function file(lon: number, lat: number, category: NewTicket['category']) {
	const { ticket } = await createTicket(report(lon, lat, category), await demoUser('admin'), 'api');
	return { id: Number(ticket.id), lon, lat, communityId: ticket.communityId as number };
}

beforeAll(async () => {
	for (const who of ROLES) scopes[who] = scopeOf(await demoUser(who));
	person.gridworker = (await demoUser('gridworker')).personId!;
	person.steward = (await demoUser('steward')).personId!;
	const jizhouArea = (await demoUser('jizhou')).areaId!;

	const cell = await one<{ lon: number; lat: number }>(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM grid_cells g, ST_PointOnSurface(g.geom) p
		 WHERE g.worker_id = $1 AND g.retired_at IS NULL ORDER BY g.code LIMIT 1`,
		[person.gridworker]
	);
	const building = await one<{ lon: number; lat: number }>(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM buildings b, ST_PointOnSurface(b.geom) p
		 WHERE b.steward_id = $1 AND b.retired_at IS NULL ORDER BY b.id LIMIT 1`,
		[person.steward]
	);
	// three points in cells of three communities of other districts, far from both demo workers' zones
	const far = (
		await db().query<{ lon: number; lat: number }>(
			`SELECT lon, lat FROM (
			   SELECT DISTINCT ON (g.community_id) g.code, ST_X(p) AS lon, ST_Y(p) AS lat
			   FROM grid_cells g, ST_PointOnSurface(g.geom) p
			   WHERE g.district_id NOT IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])
			     AND g.worker_id IS DISTINCT FROM $2 AND g.retired_at IS NULL
			     AND NOT EXISTS (SELECT 1 FROM buildings b WHERE b.steward_id = $3 AND ST_DWithin(b.geom, p, 0.01))
			   ORDER BY g.community_id, g.code) x
			 ORDER BY code LIMIT 3`,
			[jizhouArea, person.gridworker, person.steward]
		)
	).rows;
	expect(far).toHaveLength(3);
	T.cell = await file(cell.lon, cell.lat, 'noise');
	T.building = await file(building.lon, building.lat, 'elevator');
	T.far = await file(far[0].lon, far[0].lat, 'greenery');
	T.farToWorker = await file(far[1].lon, far[1].lat, 'parking');
	T.farToSteward = await file(far[2].lon, far[2].lat, 'safety');
	// a dispatcher hands the two far tickets to the demo grid worker and steward
	await db().query('UPDATE tickets SET assignee_id = $2 WHERE id = $1', [
		T.farToWorker.id,
		person.gridworker
	]);
	await db().query('UPDATE tickets SET assignee_id = $2 WHERE id = $1', [T.farToSteward.id, person.steward]);
});

it('the fixtures are where the test needs them', async () => {
	const { rows } = await db().query(
		`SELECT t.id, t.grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = $2) AS in_cell,
		   t.building_id IN (SELECT id FROM buildings WHERE steward_id = $3) AS in_building,
		   t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$4::int]) AS in_jizhou
		 FROM tickets t WHERE t.id = ANY($1) ORDER BY t.id`,
		[
			Object.values(T).map((t) => t.id),
			person.gridworker,
			person.steward,
			scopes.jizhou.kind === 'area' ? scopes.jizhou.areaId : 0
		]
	);
	const at = (id: number) => rows.find((r) => Number(r.id) === id)!;
	expect(at(T.cell.id)).toMatchObject({ in_cell: true, in_jizhou: true });
	expect(at(T.building.id)).toMatchObject({ in_building: true, in_jizhou: true });
	for (const f of ['far', 'farToWorker', 'farToSteward'] as const)
		expect(at(T[f].id), f).toMatchObject({ in_cell: false, in_jizhou: false });
	expect(new Set([T.far, T.farToWorker, T.farToSteward].map((t) => t.communityId)).size).toBe(3);
	expect(at(T.far.id).in_building).not.toBe(true);
});

/** How each kind of data answers "does this role get ticket `id`": true, false or 'refused' (403). */
const READERS: Record<string, (scope: Scope, t: (typeof T)[Fixture]) => Promise<boolean>> = {
	async 'tickets: detail'(scope, t) {
		try {
			return Number((await getTicket(t.id, scope)).id) === t.id;
		} catch (err) {
			if ((err as { status?: number }).status === 403 && scope.kind !== 'aggregates') return false;
			throw err;
		}
	},
	async 'tickets: list'(scope, t) {
		const rows = await listTickets({ limit: 1, before: t.id + 1 }, scope);
		return Number(rows[0]?.id) === t.id;
	},
	async 'tickets: nearby'(scope, t) {
		return (await nearbyOpenTickets({ lon: t.lon, lat: t.lat }, scope)).some((r) => Number(r.id) === t.id);
	},
	async events(scope, t) {
		const before = await one<{ seq: number }>(
			'SELECT min(seq) - 1 AS seq FROM ticket_events WHERE ticket_id = $1',
			[t.id]
		);
		const mine = (await readFeed({ seq: Number(before.seq) }, 50)).filter((e) => Number(e.ticketId) === t.id);
		expect(mine.length).toBeGreaterThan(0);
		const visible = await ticketFilter(db(), scope);
		return mine.every(visible);
	},
	async tiles(scope, t) {
		const z = 15;
		const n = 2 ** z;
		const r = (t.lat * Math.PI) / 180;
		const x = Math.floor(((t.lon + 180) / 360) * n);
		const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
		const tile = new VectorTile(new Pbf(await renderTile({ layer: 'tickets', z, x, y }, scope)));
		const l = tile.layers.tickets;
		const ids = Array.from({ length: l?.length ?? 0 }, (_, i) => Number(l.feature(i).id));
		return ids.includes(t.id);
	},
	async exports(scope, t) {
		const q = featureQuery(FEATURE_LAYERS.tickets, { id: t.id }, scope);
		return (await db().query(q.rows, q.params)).rows.length === 1;
	}
};

describe.each(Object.keys(READERS))('%s', (kind) => {
	it.each(ROLES)('as %s: the rows in scope and none outside', async (who) => {
		const expected = EXPECT[who];
		if (expected === 'refused') {
			await expect(READERS[kind](scopes[who], T.cell)).rejects.toMatchObject({ status: 403 });
			await expect(READERS[kind](scopes[who], T.far)).rejects.toMatchObject({ status: 403 });
			return;
		}
		for (const f of expected.sees)
			expect(await READERS[kind](scopes[who], T[f]), `${who} sees ${f}`).toBe(true);
		for (const f of expected.hidden)
			expect(await READERS[kind](scopes[who], T[f]), `${who} does not see ${f}`).toBe(false);
	});
});

describe('ticket counts (map panels, density)', () => {
	const counted = async (scope: Scope, t: (typeof T)[Fixture]) => {
		const d = 0.0003;
		const q = DensityQuery.parse({ bbox: [t.lon - d, t.lat - d, t.lon + d, t.lat + d].join(',') });
		return (await density(q, scope)).total;
	};
	it.each(ROLES)('as %s', async (who) => {
		const expected = EXPECT[who];
		// planners see counts city-wide, as admins do
		const all: Fixture[] = ['cell', 'building', 'far', 'farToWorker', 'farToSteward'];
		const sees: Fixture[] = expected === 'refused' ? all : expected.sees;
		const hidden: Fixture[] = expected === 'refused' ? [] : expected.hidden;
		for (const f of sees) expect(await counted(scopes[who], T[f]), `${who} counts ${f}`).toBeGreaterThan(0);
		for (const f of hidden) expect(await counted(scopes[who], T[f]), `${who} counts no ${f}`).toBe(0);
		// the community panel counts the far ticket only for the roles that see it
		const panel = await featureDetails('areas', T.far.communityId, scopes[who]);
		const open = panel.fields.find(([k]) => k === 'openTickets')![1] as number | null;
		if (sees.includes('far')) expect(open).toBeGreaterThan(0);
		// an official's panel of an area outside their own shows no figure (不在本辖区), never a 0
		// that reads as a total; the other roles count none of it
		else expect(open).toBe(who === 'jizhou' ? null : 0);
	});
});

describe('people', () => {
	let far: { id: number };
	let near: { id: number };
	beforeAll(async () => {
		const jz = scopes.jizhou.kind === 'area' ? scopes.jizhou.areaId : 0;
		near = await one(
			`SELECT id FROM people WHERE area_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int]) AND id NOT IN ($2, $3) ORDER BY id LIMIT 1`,
			[jz, person.gridworker, person.steward]
		);
		far = await one(
			`SELECT id FROM people WHERE area_id NOT IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int]) ORDER BY id LIMIT 1`,
			[jz]
		);
	});
	const reads = async (scope: Scope, id: number) => {
		const w = new SqlWhere([id]);
		w.and(peopleCondition(scope, w));
		return (
			(await db().query(`SELECT 1 FROM people p WHERE p.id = $1 AND ${w.sql}`, w.params)).rows.length > 0
		);
	};
	it.each(ROLES)('as %s', async (who) => {
		const s = scopes[who];
		if (who === 'planner') {
			await expect(reads(s, near.id)).rejects.toMatchObject({ status: 403 });
			return;
		}
		const own = who === 'gridworker' || who === 'steward' ? person[who] : near.id;
		expect(await reads(s, own)).toBe(true);
		expect(await reads(s, far.id)).toBe(who === 'admin' || who === 'official');
		if (who === 'gridworker' || who === 'steward') expect(await reads(s, near.id)).toBe(false);
	});
	it("names a building's steward for every role but planners", async () => {
		const b = await one<{ id: number }>(
			'SELECT id FROM buildings WHERE steward_id IS NOT NULL ORDER BY id LIMIT 1'
		);
		for (const who of ROLES) {
			const d = await featureDetails('buildings', b.id, scopes[who]);
			const steward = d.fields.find(([k]) => k === 'steward')![1];
			if (who === 'planner') expect(steward).toBeNull();
			else expect(typeof steward).toBe('string');
		}
	});
});

describe('patrols', () => {
	const ids = {} as Record<'own' | 'stewards' | 'far', number>;
	beforeAll(async () => {
		const start = (worker: number) =>
			one<{ id: number }>(
				`INSERT INTO patrols (worker_id, district_id, started_at)
				 SELECT p.id, coalesce((SELECT a.path[2] FROM areas a WHERE a.id = p.area_id), (SELECT min(id) FROM areas WHERE level = 'district')), now() - interval '1 hour'
				 FROM people p WHERE p.id = $1 RETURNING id`,
				[worker]
			);
		const jz = scopes.jizhou.kind === 'area' ? scopes.jizhou.areaId : 0;
		const other = await one<{ id: number }>(
			`SELECT p.id FROM people p JOIN grid_cells g ON g.worker_id = p.id
			 WHERE g.district_id NOT IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])
			   AND p.area_id NOT IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int]) ORDER BY p.id LIMIT 1`,
			[jz]
		);
		ids.own = Number((await start(person.gridworker)).id);
		ids.stewards = Number((await start(person.steward)).id);
		ids.far = Number((await start(other.id)).id);
	});
	const reads = async (scope: Scope, id: number) => {
		try {
			return Number((await getPatrol(id, scope)).id) === id;
		} catch (err) {
			if ((err as { status?: number }).status === 403 && scope.kind !== 'aggregates') return false;
			throw err;
		}
	};
	const EXPECTED: Record<Who, Partial<Record<keyof typeof ids, boolean>> | 'refused'> = {
		admin: { own: true, stewards: true, far: true },
		official: { own: true, stewards: true, far: true },
		jizhou: { own: true, far: false },
		gridworker: { own: true, stewards: false, far: false },
		steward: { stewards: true, own: false, far: false },
		planner: 'refused'
	};
	it.each(ROLES)('as %s', async (who) => {
		const e = EXPECTED[who];
		if (e === 'refused') {
			await expect(reads(scopes[who], ids.own)).rejects.toMatchObject({ status: 403 });
			return;
		}
		for (const [k, v] of Object.entries(e))
			expect(await reads(scopes[who], ids[k as keyof typeof ids]), k).toBe(v);
	});
});

describe('the rule table and who can act on a ticket', () => {
	it('states a rule for every role and kind, and planners see counts only', () => {
		for (const rules of Object.values(RULES))
			expect(Object.keys(rules).sort()).toEqual(Object.keys(RULES.all).sort());
		expect(Object.entries(RULES.aggregates).filter(([, r]) => r !== 'refused')).toEqual([
			['ticket-counts', 'all']
		]);
	});

	it("the cell's worker and the street's other workers can act on a ticket; a far worker cannot", async () => {
		expect(await canActOn(db(), person.gridworker, T.cell.id)).toBe(true);
		const streetWorker = await one<{ id: number }>(
			`SELECT g.worker_id AS id FROM tickets t JOIN areas cm ON cm.parent_id = t.street_id AND cm.level = 'community'
			 JOIN grid_cells g ON g.community_id = cm.id AND g.retired_at IS NULL
			 JOIN people p ON p.id = g.worker_id AND p.retired_at IS NULL
			 WHERE t.id = $1 AND g.worker_id <> $2 ORDER BY g.code LIMIT 1`,
			[T.cell.id, person.gridworker]
		);
		expect(await canActOn(db(), streetWorker.id, T.cell.id)).toBe(true);
		// the demo grid worker works another district than the far ticket's street
		expect(await canActOn(db(), person.gridworker, T.far.id)).toBe(false);
		expect(await canActOn(db(), person.gridworker, 2_000_000_000)).toBe(false);
	});

	it("a building's steward can act on a ticket in that building", async () => {
		expect(await canActOn(db(), person.steward, T.building.id)).toBe(true);
		expect(await canActOn(db(), person.steward, T.far.id)).toBe(false);
	});

	it('a ticket assigned to a worker is in their scope even outside their zone', async () => {
		expect(await ticketInScope(db(), scopes.gridworker, T.farToWorker.id)).toBe(true);
		expect(await ticketInScope(db(), scopes.gridworker, T.far.id)).toBe(false);
		expect(await ticketInScope(db(), scopes.planner, T.cell.id)).toBe(false);
	});
});
