// Walking distance over the road network (migration 330, pgRouting), on a hand-built fixture south-west
// of the demo city (nothing of the demo within 5 km). Metres in EPSG:4547 from an origin O:
//
//        F (0, 240)                 facility (red_station: a 10-minute walk, 500 m)
//   (0, 230) ─────────────── (225, 230)   north bank street
//                                │  bridge (the only crossing), 230 m
//   (0, 0)   ─────────────── (225, 0)     south bank street
//        B (0, -10)                 building
//
// Straight line B–F: 250 m (× detour 1.3 = 325 m ≤ 500 m: reached). Walk: 10 (access) + 225 + 230 +
// 225 + 10 (access) = 700 m > 500 m: not reached. A footbridge from (0, 0) to (0, 230) makes the walk
// 10 + 230 + 10 = 250 m. A building 150 m from every road is measured by straight line (flagged).
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { reachRule } from '../../src/lib/server/health/service';
import { prepareRun, solveRun } from '../../src/lib/server/siting/service';
import { facilityCoverage, facilityMap, FacilityQuery } from '../../src/lib/server/coverage/service';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { demoUser, one } from './helpers';

let origin: { x: number; y: number };
const O = { lon: 114.05, lat: 26.2 };

/** A point of the fixture (metres from O in EPSG:4547) as WGS84 EWKT. */
const at = (dx: number, dy: number) =>
	`ST_Transform(ST_SetSRID(ST_MakePoint(${origin.x + dx}, ${origin.y + dy}), 4547), 4326)`;
const line = (a: [number, number], b: [number, number]) =>
	`ST_Transform(ST_SetSRID(ST_MakeLine(ST_MakePoint(${origin.x + a[0]}, ${origin.y + a[1]}), ST_MakePoint(${origin.x + b[0]}, ${origin.y + b[1]})), 4547), 4326)`;
/** A 4 m square building centred on a fixture point. */
const square = (dx: number, dy: number) =>
	`ST_Multi(ST_Transform(ST_MakeEnvelope(${origin.x + dx - 2}, ${origin.y + dy - 2}, ${origin.x + dx + 2}, ${origin.y + dy + 2}, 4547), 4326))`;

async function addBuilding(code: string, dx: number, dy: number): Promise<number> {
	const { rows } = await db().query<{ id: number }>(
		`INSERT INTO buildings (code, compound_id, district_id, number, floors, households, geom)
		 SELECT $1, c.id, c.district_id, '1', 6, 40, ${square(dx, dy)}
		 FROM compounds c JOIN areas a ON a.id = c.community_id ORDER BY c.id LIMIT 1
		 RETURNING id`,
		[code]
	);
	return rows[0].id;
}

const walkOf = (id: number) =>
	one<{ distance_m: number | null; rule: string }>(
		`SELECT distance_m, rule FROM building_walk WHERE building_id = $1 AND type = 'red_station'`,
		[id]
	);
const straightReached = async (id: number) =>
	(
		await one<{ ok: boolean }>(
			`SELECT 'red_station' = ANY (types) AS ok FROM building_reach WHERE building_id = $1`,
			[id]
		)
	).ok;

let b: number;
let far: number;

beforeAll(async () => {
	const c = await one<{ x: number; y: number }>(
		`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4547) p`,
		[O.lon, O.lat]
	);
	origin = c;
	const near = await one<{ n: number }>(
		`SELECT (SELECT count(*) FROM roads WHERE ST_DWithin(geom::geography, ${at(0, 0)}::geography, 5000))
		      + (SELECT count(*) FROM facilities WHERE ST_DWithin(geom::geography, ${at(0, 0)}::geography, 5000))::int AS n`
	);
	expect(near.n).toBe(0);
	await db().query(
		`INSERT INTO roads (name, class, bridge, geom) VALUES
		   ('南岸路', 'residential', false, ${line([0, 0], [225, 0])}),
		   ('大桥', 'footway', true, ${line([225, 0], [225, 230])}),
		   ('北岸路', 'residential', false, ${line([225, 230], [0, 230])})`
	);
	b = await addBuilding('FIXTURE-B', 0, -10);
	far = await addBuilding('FIXTURE-FAR', 120, -150);
	await db().query(
		`INSERT INTO facilities (code, type, name, geom) VALUES ('FIXTURE-F', 'red_station', '对岸红色驿站', ${at(0, 240)})`
	);
}, 120_000);

/** The planner, building b's community, and the candidate site across the river from b (where F stands) that the siting tests propose. */
async function acrossTheRiver() {
	const planner = await demoUser('planner');
	const { id: community } = await one<{ id: number }>(
		`SELECT c.community_id AS id FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE b.id = $1`,
		[b]
	);
	const p0 = await one<{ lon: number; lat: number }>(
		`SELECT ST_X(g) AS lon, ST_Y(g) AS lat FROM ${at(0, 240)} g`
	);
	const candidates = {
		kind: 'geojson' as const,
		geojson: {
			type: 'FeatureCollection' as const,
			features: [
				{
					type: 'Feature' as const,
					id: 'north',
					properties: {},
					geometry: { type: 'Point' as const, coordinates: [p0.lon, p0.lat] }
				}
			]
		}
	};
	return { planner, community, candidates };
}

describe('walking distance on the road network', () => {
	it('says the network rule is available (pgRouting and roads loaded)', async () => {
		const r = await reachRule();
		expect(r.network).toBe('network');
		expect(r.pgrouting).toMatch(/^3\./);
		expect(r.networkShare).toBeGreaterThan(0);
		expect(r.networkShare).toBeLessThanOrEqual(1);
	});

	it('a building 250 m across the river but 700 m by the only bridge: unreached at 500 m by network, reached by straight line', async () => {
		const w = await walkOf(b);
		expect(w.rule).toBe('network');
		expect(w.distance_m).toBeCloseTo(700, 0);
		expect(w.distance_m! <= 500).toBe(false);
		// the straight-line rule (facility coverage today): 250 m × 1.3 = 325 m ≤ 500 m
		expect(await straightReached(b)).toBe(true);
	});

	it('siting measures the same walk: a site across the river reaches the building only when the walk allows 700 m', async () => {
		// a kindergarten (none within 5 km) proposed 10 m north of the north bank street's west end, where F stands
		const { planner, community, candidates } = await acrossTheRiver();
		const siteRun = async (walkM: number) =>
			solveRun(
				await prepareRun(
					{ type: 'kindergarten', walkM, k: 1, areaId: community, candidates },
					scopeOf(planner)
				)
			);
		// 500 m: B stays unreached (700 m on foot); FAR, measured by straight line from the snapped site
		// (120, 380) m away: 398.5 m > 500 / 1.3 = 384.6 m, unreached too
		const at500 = await siteRun(500);
		expect(at500.rule.measure).toBe('network');
		expect(at500.sites).toEqual([]);
		expect(at500.solver.notices.map((n) => n.code)).toContain('fewerSites');
		// 705 m: the site reaches B by the network (700 m) and FAR by straight line (398.5 m ≤ 542.3 m),
		// 40 households each; it stands snapped onto the north bank street
		const at705 = await siteRun(705);
		expect(at705.sites).toHaveLength(1);
		expect(at705.sites[0]).toMatchObject({ addedHouseholds: 80, addedStraightLineHouseholds: 40 });
		const snapped = await one<{ dx: number; dy: number }>(
			`SELECT ST_X(q) - $3 AS dx, ST_Y(q) - $4 AS dy
			 FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4547) q`,
			[at705.sites[0].lon, at705.sites[0].lat, origin.x, origin.y]
		);
		expect(snapped.dx).toBeCloseTo(0, 2);
		expect(snapped.dy).toBeCloseTo(230, 2);
		// above 1,000 m the walks are not kept: straight line × detour for all, and it says so
		const at1200 = await siteRun(1200);
		expect(at1200.rule).toMatchObject({ measure: 'straight-line', network: 'walk-too-long' });
		// the dashboard counts B by the network (unreached at 500 m) and says so, FAR by straight line
		const area = String(community);
		const dash = await facilityCoverage(FacilityQuery.parse({ area, type: 'red_station' }), scopeOf(planner));
		expect(dash.method).toBe('network');
		const gaps = await facilityMap(
			FacilityQuery.parse({ area, type: 'red_station', format: 'geojson', limit: '50000' }),
			scopeOf(planner)
		);
		const gapB = gaps.features.find((f) => f.id === b)?.properties as { rule: string; distanceM: number };
		expect(gapB.rule).toBe('network');
		expect(gapB.distanceM).toBeCloseTo(700, 0);
		// FAR: 408 m × 1.3 = 530 m from F in a straight line, unreached, flagged
		const gapFar = gaps.features.find((f) => f.id === far)?.properties as { rule: string; distanceM: number };
		expect(gapFar.rule).toBe('straight-line');
		expect(gapFar.distanceM).toBeCloseTo(530.4, 0);
	});

	it('a building more than 100 m from the network is measured by straight line × detour, flagged', async () => {
		const w = await walkOf(far);
		expect(w.rule).toBe('straight-line');
		const d = await one<{ m: number }>(
			`SELECT ST_Distance(ST_PointOnSurface(b.geom)::geography, f.geom::geography) * 1.3::real AS m
			 FROM buildings b, facilities f WHERE b.id = $1 AND f.code = 'FIXTURE-F'`,
			[far]
		);
		expect(w.distance_m).toBeCloseTo(d.m, 6);
	});

	it('a new road edge (a footbridge) changes the answer: 250 m, reached', async () => {
		// siting over the network as it is: the kindergarten site of the test above reaches nothing at 500 m
		const { planner, community, candidates } = await acrossTheRiver();
		const siteRun = async () =>
			solveRun(
				await prepareRun(
					{
						type: 'kindergarten',
						walkM: 500,
						k: 1,
						areaId: community,
						candidates
					},
					scopeOf(planner)
				)
			);
		expect((await siteRun()).sites).toEqual([]);
		await db().query(
			`INSERT INTO roads (name, class, bridge, geom) VALUES ('人行桥', 'footway', true, ${line([0, 0], [0, 230])})`
		);
		const w = await walkOf(b);
		expect(w.rule).toBe('network');
		expect(w.distance_m).toBeCloseTo(250, 0);
		expect(w.distance_m! <= 500).toBe(true);
		// and the same run walks the footbridge: it reaches B, 40 households by the network (the run keeps
		// its walk graph while the network is unchanged; the rebuild made it read the network again)
		const after = await siteRun();
		expect(after.sites).toHaveLength(1);
		expect(after.sites[0]).toMatchObject({ addedHouseholds: 40, addedStraightLineHouseholds: 0 });
	});

	it('a facility moved or retired moves the distances near it', async () => {
		await db().query(`UPDATE facilities SET retired_at = now() WHERE code = 'FIXTURE-F'`);
		expect((await walkOf(b)).distance_m).toBeNull();
		await db().query(
			`UPDATE facilities SET retired_at = NULL, geom = ${at(100, 240)} WHERE code = 'FIXTURE-F'`
		);
		// 10 + 230 (footbridge) + 100 along the north bank + 10
		expect((await walkOf(b)).distance_m).toBeCloseTo(350, 0);
	});

	it('recomputes only near a moved facility, over only the network within reach (a box), exactly as a full pass does', async () => {
		// a demo red station moved 400 m east: its trigger refreshes the buildings within 1 km of either
		// place, reading the edges and facilities of a box around them; a full pass reads the whole city
		const f = await one<{ id: number }>(
			`SELECT id FROM facilities WHERE type = 'red_station' AND retired_at IS NULL AND code NOT LIKE 'FIXTURE%' ORDER BY id LIMIT 1`
		);
		const before = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM building_walk w JOIN building_access a USING (building_id)
			 JOIN facilities f ON f.id = $1 WHERE w.type = 'red_station' AND w.distance_m IS NOT NULL
			   AND ST_DWithin(a.pt::geography, f.geom::geography, 1000)`,
			[f.id]
		);
		await db().query(`UPDATE facilities SET geom = ST_Translate(geom, 0.004, 0) WHERE id = $1`, [f.id]);
		const local = await db().query<{ building_id: number; distance_m: number | null; rule: string }>(
			`SELECT building_id, distance_m, rule FROM building_walk WHERE type = 'red_station' ORDER BY building_id`
		);
		await db().query(`SELECT refresh_building_walk(NULL, ARRAY['red_station'])`);
		const full = await db().query<{ building_id: number; distance_m: number | null; rule: string }>(
			`SELECT building_id, distance_m, rule FROM building_walk WHERE type = 'red_station' ORDER BY building_id`
		);
		expect(local.rows.length).toBeGreaterThan(1000);
		expect(local.rows).toEqual(full.rows);
		// and the move did change something near it (so the comparison is not of two untouched tables)
		const after = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM building_walk w JOIN building_access a USING (building_id)
			 JOIN facilities f ON f.id = $1 WHERE w.type = 'red_station' AND w.distance_m IS NOT NULL
			   AND ST_DWithin(a.pt::geography, f.geom::geography, 1000)`,
			[f.id]
		);
		expect(after.n).not.toBe(before.n);
	}, 120_000);

	it('joins a road that ends on the side of another (a T junction), as projected coordinates miss by a hair', async () => {
		// a lane from (150, 100) north to the north bank street's side at (150, 230); a building 10 m east of its
		// south end: 10 + 130 up the lane + 50 west along the street to F at (100, 240) + 10 = 200 m
		await db().query(
			`INSERT INTO roads (name, class, bridge, geom) VALUES ('丁字巷', 'residential', false, ${line([150, 100], [150, 230])})`
		);
		const t = await addBuilding('FIXTURE-T', 160, 100);
		const w = await walkOf(t);
		expect(w.rule).toBe('network');
		expect(w.distance_m).toBeCloseTo(200, 0);
	});
});
