// Facility siting in the app (README "Facility siting") on the seeded Ji'an demo: the "before" coverage equals an
// independent count in SQL of households within walk_m / detour of the type's facilities; the
// results add up (after ≥ before, newly reached = the sites' added households, per-area rows sum to
// the totals, "after" equals a geodesic recount with the proposed sites); set covering reaches its
// target; exports parse; bad input is refused naming the field and writes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { InputError } from '../../src/lib/server/http';
import { scopeOf, type SessionUser } from '../../src/lib/server/auth/roles';
import {
	drainSiting,
	exportRun,
	getRun,
	gridCandidates,
	prepareRun,
	sitingReadAhead,
	solveRun,
	startSiting,
	warmSiting
} from '../../src/lib/server/siting/service';
import { health } from '../../src/lib/server/health/service';
import { CSV_HEADER } from '../../src/lib/server/siting/export';
import { buildWalkGraph, networkCoverage } from '../../src/lib/siting/network';
import { ContextQuery, GridQuery, gridPreview, planningContext } from '../../src/lib/server/siting/context';
import { facilityCoverage, facilityMap, FacilityQuery } from '../../src/lib/server/coverage/service';
import type { SitingOutcome, SitingRequest } from '../../src/lib/planning/types';
import { analysisQuery } from '../../src/lib/server/analysis/query';
import gridSql from '../../src/lib/server/siting/grid.sql?raw';
import { demoUser, one } from './helpers';

let planner: SessionUser;
let admin: SessionUser;
let jizhou: number;
let qingyuan: number;

beforeAll(async () => {
	planner = await demoUser('planner');
	admin = await demoUser('admin');
	jizhou = (await one<{ id: number }>(`SELECT id FROM areas WHERE code = '360802'`)).id;
	qingyuan = (await one<{ id: number }>(`SELECT id FROM areas WHERE code = '360803'`)).id;
});

const run = async (req: Partial<SitingRequest>, user = planner) =>
	solveRun(await prepareRun({ type: 'red_station', ...req }, scopeOf(user)));

/**
 * Households (of buildings with households in the area's subtree) that a facility of the type reaches,
 * by the rule of each building: on the network (building_walk rule 'network', the walks pgRouting
 * keeps, tests/integration/walk-network.test.ts) distance_m ≤ the walk; otherwise ST_Distance × detour
 * ≤ the walk ($3, default the type's walk_m).
 */
const BEFORE_SQL = `
  WITH b AS (
    SELECT b.id, b.households, ST_PointOnSurface(b.geom) AS pt FROM buildings b JOIN compounds c ON c.id = b.compound_id
    WHERE b.retired_at IS NULL AND c.retired_at IS NULL AND b.households > 0
      AND ($2::int IS NULL OR c.community_id IN (SELECT id FROM areas WHERE $2::int = ANY(path))))
  SELECT count(*)::int AS buildings, sum(households)::int AS households,
    coalesce(sum(households) FILTER (WHERE CASE WHEN w.rule = 'network' THEN w.distance_m <= coalesce($3::float8, r.walk_m)
      ELSE EXISTS (
        SELECT 1 FROM facilities f
        WHERE f.type = $1 AND f.retired_at IS NULL
          AND ST_Distance(f.geom::geography, b.pt::geography) * r.detour <= coalesce($3::float8, r.walk_m)) END), 0)::int AS covered,
    coalesce(sum(households) FILTER (WHERE w.rule = 'network'), 0)::int AS network
  FROM b JOIN facility_reach r ON r.type = $1
  LEFT JOIN building_walk w ON w.building_id = b.id AND w.type = $1`;

async function sqlBefore(type: string, areaId: number | null, walkM?: number) {
	return one<{ households: number; covered: number; buildings: number; network: number }>(BEFORE_SQL, [
		type,
		areaId,
		walkM ?? null
	]);
}

/**
 * Households of the area reached once the proposed sites are built: the sites inserted as facilities
 * (the triggers of migration 330 recompute the walks with pgRouting), counted as above, rolled back.
 */
async function sqlAfter(o: SitingOutcome, areaId: number | null, sites = o.sites) {
	const c = await db().connect();
	try {
		await c.query('BEGIN');
		await c.query(
			`INSERT INTO facilities (code, type, name, geom)
			 SELECT 'T-SITE-' || n, $1, '拟建' || n, ST_SetSRID(ST_MakePoint(lon, lat), 4326)
			 FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS t (lon, lat, n)`,
			[o.rule.type, sites.map((s) => s.lon), sites.map((s) => s.lat)]
		);
		const { rows } = await c.query<{ covered: number }>(BEFORE_SQL, [o.rule.type, areaId, o.rule.walkM]);
		return rows[0].covered;
	} finally {
		await c.query('ROLLBACK');
		c.release();
	}
}

async function refusal(req: unknown, user = planner): Promise<InputError> {
	const before = (await one<{ n: number }>('SELECT count(*)::int AS n FROM siting_runs')).n;
	const err = await startSiting(req, user, scopeOf(user)).then(
		() => null,
		(e) => e
	);
	expect(err, JSON.stringify(req).slice(0, 200)).toBeInstanceOf(InputError);
	expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM siting_runs')).n).toBe(before);
	return err as InputError;
}

describe('siting on the demo city', () => {
	let jizhouRun: SitingOutcome;

	beforeAll(async () => {
		jizhouRun = await run({
			lifeCircle: '10min',
			k: 3,
			areaId: jizhou,
			candidates: { kind: 'grid', spacing: 300 }
		});
	}, 60_000);

	it('uses the reach rule of facility_reach: radius = walk_m / detour', async () => {
		// detour is a real (1.3 as float4): the dashboard divides in float8, and so must siting; the
		// factor itself is reported as entered (1.3, not its float8 widening 1.2999999523162842)
		const r = await one<{ walk_m: number; detour: number; radius: number }>(
			`SELECT walk_m, detour::float8 AS detour, walk_m / detour::float8 AS radius FROM facility_reach WHERE type = 'red_station'`
		);
		expect(r.walk_m).toBe(500);
		expect(r.detour).not.toBe(1.3);
		expect(jizhouRun.rule).toMatchObject({
			type: 'red_station',
			lifeCircle: '10min',
			walkM: 500,
			detour: 1.3,
			// the demo city has roads and the test server pgRouting: walks over the network
			measure: 'network',
			network: 'network'
		});
		expect(jizhouRun.rule.radiusM).toBe(r.radius);
	});

	it('counts "before" exactly as an SQL count of households within reach, building by building by its rule', async () => {
		const sql = await sqlBefore('red_station', jizhou);
		expect(sql.covered).toBeGreaterThan(0);
		expect(sql.covered).toBeLessThan(sql.households);
		expect(sql.network).toBeGreaterThan(0);
		expect(jizhouRun.totals).toMatchObject({
			households: sql.households,
			networkHouseholds: sql.network,
			buildings: sql.buildings,
			before: sql.covered
		});
		// each building says which rule measured it, and they add up to the network's households
		expect(jizhouRun.demand!.filter((d) => d[4] === 0).reduce((a, d) => a + d[2], 0)).toBe(sql.network);
		expect(jizhouRun.totals.beforeShare).toBeCloseTo(sql.covered / sql.households, 12);
		// the whole city, another type and level
		const city = await run({ type: 'elderly_center', k: 2, candidates: { kind: 'grid', spacing: 600 } });
		const citySql = await sqlBefore('elderly_center', null);
		expect(city.totals).toMatchObject({ households: citySql.households, before: citySql.covered });
		expect(city.rule.walkM).toBe(300);
	});

	it('adds up: ranked sites, after = before + newly reached, per-area rows sum to the totals', async () => {
		const o = jizhouRun;
		expect(o.problem).toBe('mclp');
		expect(o.sites).toHaveLength(3);
		expect(o.sites.map((s) => s.rank)).toEqual([1, 2, 3]);
		const added = o.sites.map((s) => s.addedHouseholds);
		expect(added.every((a) => a > 0)).toBe(true);
		expect(o.totals.after).toBeGreaterThan(o.totals.before);
		expect(o.totals.newlyCovered).toBe(added.reduce((a, b) => a + b, 0));
		expect(o.totals.after).toBe(o.totals.before + o.totals.newlyCovered);
		expect(o.sites[2].cumulativeHouseholds).toBe(o.totals.after);
		expect(o.totals.afterShare).toBeCloseTo(o.totals.after / o.totals.households, 12);
		expect(o.solver.warnings).toEqual([]);
		for (const level of ['street', 'community'] as const) {
			const rows = o.areas.filter((a) => a.level === level);
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.reduce((a, r) => a + r.households, 0)).toBe(o.totals.households);
			expect(rows.reduce((a, r) => a + r.before, 0)).toBe(o.totals.before);
			expect(rows.reduce((a, r) => a + r.after, 0)).toBe(o.totals.after);
			for (const r of rows) expect(r.after).toBeGreaterThanOrEqual(r.before);
		}
		// each building's state on the map agrees with the totals
		const sum = (state: number) => o.demand!.filter((d) => d[3] === state).reduce((a, d) => a + d[2], 0);
		expect(sum(1)).toBe(o.totals.before);
		expect(sum(2)).toBe(o.totals.newlyCovered);
		// "after" is what the dashboard would count once the sites are built: pgRouting's walks from them
		expect(await sqlAfter(o, jizhou)).toBe(o.totals.after);
		// the first site alone: households it reaches that no existing facility does
		expect((await sqlAfter(o, jizhou, o.sites.slice(0, 1))) - o.totals.before).toBe(
			o.sites[0].addedHouseholds
		);
	});

	it("walks the network as pgRouting does: the engine's walks from the existing facilities are building_walk's", async () => {
		// the existing red stations joined to the network as migration 330 joins facilities
		const { rows: from } = await db().query<{ edge: number; frac: number; access: number }>(
			`SELECT e.id AS edge, ST_LineLocatePoint(e.geom, p.pt) AS frac, ST_Distance(e.geom, p.pt) AS access
			 FROM facilities f
			 CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, 4547) AS pt) p
			 CROSS JOIN LATERAL (SELECT id, geom FROM walk_edges ORDER BY geom <-> p.pt LIMIT 1) e
			 WHERE f.type = 'red_station' AND f.retired_at IS NULL AND ST_Distance(e.geom, p.pt) <= 100`
		);
		expect(from.length).toBeGreaterThan(0);
		const { rows: edges } = await db().query('SELECT id, source, target, cost FROM walk_edges');
		const p = await prepareRun(
			{ type: 'red_station', k: 1, areaId: jizhou, candidates: { kind: 'grid', spacing: 600 } },
			scopeOf(planner)
		);
		const onNetwork = p.demand.map((d) =>
			d.rule === 'network' ? { edge: d.edgeId!, frac: d.frac!, access: d.accessM! } : null
		);
		const reached = new Set(networkCoverage(buildWalkGraph(edges), from, onNetwork, 500).flat());
		const want = p.demand.flatMap((d, i) => (d.rule === 'network' && d.covered ? [i] : []));
		expect(want.length).toBeGreaterThan(0);
		expect([...reached].sort((a, b) => a - b)).toEqual(want);
	});

	it('places grid candidates on built-up land, snapped onto the walking network within 100 m, sites inside the area', async () => {
		const p = await prepareRun(
			{ type: 'red_station', k: 1, areaId: jizhou, candidates: { kind: 'grid', spacing: 300 } },
			scopeOf(planner)
		);
		const snapped = p.candidates.filter((c) => c.at);
		expect(snapped.length).toBeGreaterThan(0);
		expect(jizhouRun.candidates.snapped).toBe(snapped.length);
		for (const c of p.candidates.slice(0, 200)) {
			const r = await one<{ land: number; network: number; edge: number }>(
				`SELECT (SELECT min(ST_Distance(ST_Transform(geom, 4547), q.p)) FROM compounds
				   WHERE retired_at IS NULL AND ST_DWithin(ST_Transform(geom, 4547), q.p, 200)) AS land,
				 (SELECT ST_Distance(geom, q.p) FROM walk_edges ORDER BY geom <-> q.p LIMIT 1) AS network,
				 (SELECT ST_Distance(geom, q.p) FROM walk_edges WHERE id = $3) AS edge
				 FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4547) AS p) q`,
				[c.x, c.y, c.at?.edge ?? null]
			);
			if (c.at) {
				// on its edge, and the grid's point on built-up land was within 100 m of it
				expect(r.edge).toBeLessThan(0.01);
				expect(r.land).toBeLessThanOrEqual(100.01);
			} else {
				expect(r.land).toBeLessThan(0.01);
				expect(r.network).toBeGreaterThan(100);
			}
		}
		for (const s of jizhouRun.sites) {
			const r = await one<{ district: boolean }>(
				`SELECT EXISTS (SELECT 1 FROM areas WHERE id = $3 AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 100)) AS district`,
				[s.lon, s.lat, jizhou]
			);
			expect(r).toEqual({ district: true });
			expect(s.community ?? s.street ?? 'on a boundary road').toBeTruthy();
		}
		expect(jizhouRun.candidates.kind).toBe('grid');
		expect(jizhouRun.candidates.spacing).toBe(300);
		expect(jizhouRun.existing.length).toBeGreaterThan(0);
	});

	it('set covering: the fewest sites that reach the target share', async () => {
		const target = Math.min(1, Math.ceil((jizhouRun.totals.beforeShare + 0.03) * 100) / 100);
		const o = await run({ target, areaId: jizhou, candidates: { kind: 'grid', spacing: 300 } });
		expect(o.problem).toBe('set-cover');
		expect(o.reached).toBe(true);
		expect(o.totals.afterShare).toBeGreaterThanOrEqual(target - 1e-9);
		expect(o.sites.length).toBeGreaterThan(0);
		// without its last site the target is missed (the set is minimal in rank order)
		const last = o.sites[o.sites.length - 1];
		expect((o.totals.after - last.addedHouseholds) / o.totals.households).toBeLessThan(target);
		// a target already met needs no site
		const met = await run({
			target: Math.max(0.01, Math.floor(jizhouRun.totals.beforeShare * 100) / 100),
			areaId: jizhou,
			candidates: { kind: 'grid', spacing: 300 }
		});
		expect(met.sites).toEqual([]);
		expect(met.reached).toBe(true);
	});

	it('takes GeoJSON candidates (points and polygons) and converts GCJ-02 input', async () => {
		// two candidate points: one at an uncovered building (Jizhou), one far out in the countryside
		const b = await one<{ lon: number; lat: number; households: number }>(
			`SELECT ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat, b.households
			 FROM buildings b JOIN compounds c ON c.id = b.compound_id
			 WHERE b.households > 0 AND c.community_id IN (SELECT id FROM areas WHERE $1::int = ANY(path))
			   AND NOT EXISTS (SELECT 1 FROM facilities f WHERE f.type = 'red_station'
			     AND ST_DWithin(f.geom::geography, ST_PointOnSurface(b.geom)::geography, 1000))
			 ORDER BY b.id LIMIT 1`,
			[jizhou]
		);
		const fc = {
			type: 'FeatureCollection',
			features: [
				{
					type: 'Feature',
					id: 'far',
					properties: {},
					geometry: { type: 'Point', coordinates: [114.2, 26.4] }
				},
				{
					type: 'Feature',
					properties: { id: 'here' },
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[b.lon - 0.0001, b.lat - 0.0001],
								[b.lon + 0.0001, b.lat - 0.0001],
								[b.lon + 0.0001, b.lat + 0.0001],
								[b.lon - 0.0001, b.lat + 0.0001],
								[b.lon - 0.0001, b.lat - 0.0001]
							]
						]
					}
				}
			]
		};
		const o = await run({ k: 1, areaId: jizhou, candidates: { kind: 'geojson', geojson: fc } });
		expect(o.sites).toHaveLength(1);
		expect(o.sites[0].id).toBe('here');
		expect(o.sites[0].addedHouseholds).toBeGreaterThanOrEqual(b.households);
		expect(o.candidates).toMatchObject({ kind: 'geojson', count: 2 });
		// the same point given in GCJ-02 (about 500 m off) comes back where it belongs in WGS84
		const gcj = await import('../../src/lib/server/geo/crs').then((m) => m.wgs84ToGcj02([b.lon, b.lat]));
		const g = await run({
			k: 1,
			areaId: jizhou,
			candidates: {
				kind: 'geojson',
				crs: 'gcj02',
				geojson: {
					type: 'FeatureCollection',
					features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: gcj } }]
				}
			}
		});
		// (both snapped onto the network from the same point)
		expect(g.sites[0].lon).toBeCloseTo(o.sites[0].lon, 6);
		expect(g.sites[0].lat).toBeCloseTo(o.sites[0].lat, 6);
	});
});

describe('runs, progress and exports', () => {
	it('queues a run, reports progress, stores the result and exports GeoJSON and CSV', async () => {
		const { id } = await startSiting(
			{
				type: 'red_station',
				lifeCircle: '10min',
				k: 3,
				areaId: jizhou,
				candidates: { kind: 'grid', spacing: 300 }
			},
			planner,
			scopeOf(planner)
		);
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		await drainSiting();
		const r = await getRun(id, planner, { demand: true });
		expect(r.status).toBe('done');
		expect(r.error).toBeNull();
		expect(r.progress).toMatchObject({ phase: 'done', fraction: 1 });
		const o = r.result!;
		expect(o.sites).toHaveLength(3);
		expect(o.demand!.length).toBe(o.totals.buildings);
		expect((await getRun(id, planner)).result!.demand).toBeUndefined();
		// admins may read it; another planner-like user (official) may not even learn it exists
		expect((await getRun(id, admin)).status).toBe('done');
		const official = await demoUser('official');
		const hidden = await getRun(id, official).catch((e) => e);
		expect(hidden).toBeInstanceOf(InputError);
		expect(hidden.status).toBe(404);

		const gj = await exportRun(id, planner, 'geojson');
		expect(gj.type).toBe('application/geo+json');
		const fc = JSON.parse(gj.body);
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features).toHaveLength(3);
		fc.features.forEach(
			(
				f: { geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> },
				i: number
			) => {
				expect(f.geometry.type).toBe('Point');
				const [lon, lat] = f.geometry.coordinates;
				expect(lon).toBeGreaterThan(113);
				expect(lon).toBeLessThan(117);
				expect(lat).toBeGreaterThan(25);
				expect(lat).toBeLessThan(29);
				expect(lon).toBeCloseTo(o.sites[i].lon, 6);
				expect(f.properties.rank).toBe(i + 1);
				expect(f.properties.addedHouseholds).toBe(o.sites[i].addedHouseholds);
			}
		);
		expect(fc.siting).toMatchObject({
			before: o.totals.before,
			after: o.totals.after,
			facilityType: 'red_station'
		});

		const csv = await exportRun(id, planner, 'csv');
		expect(csv.type).toMatch(/^text\/csv/);
		expect(csv.body.startsWith('\uFEFF')).toBe(true);
		const lines = csv.body.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe(CSV_HEADER.join(','));
		expect(lines).toHaveLength(4);
		const rows = lines.slice(1).map((l) => l.split(','));
		rows.forEach((cells, i) => {
			expect(cells).toHaveLength(CSV_HEADER.length);
			expect(Number(cells[0])).toBe(i + 1);
			expect(Number(cells[2])).toBeCloseTo(o.sites[i].lon, 6);
			expect(Number(cells[6])).toBe(o.sites[i].addedHouseholds);
			expect(cells[5]).toBe(o.sites[i].community);
		});
		expect(Number(rows[2][CSV_HEADER.indexOf('cumulative_households')])).toBe(o.totals.after);
		expect(rows.map((r) => r[CSV_HEADER.indexOf('measure')])).toEqual(['network', 'network', 'network']);
		expect(rows.map((r) => Number(r[CSV_HEADER.indexOf('added_straight_line_households')]))).toEqual(
			o.sites.map((x) => x.addedStraightLineHouseholds)
		);
	});

	it('reports a run that stopped moving as lost, and refuses exports of unfinished runs', async () => {
		const { rows } = await db().query<{ id: string }>(
			`INSERT INTO siting_runs (user_id, status, request, updated_at) VALUES ($1, 'running', '{}', now() - interval '10 minutes') RETURNING id`,
			[planner.id]
		);
		const r = await getRun(rows[0].id, planner);
		expect(r.status).toBe('failed');
		expect(r.error?.message).toMatch(/lost/);
		const e = await exportRun(rows[0].id, planner, 'csv').catch((x) => x);
		expect(e).toBeInstanceOf(InputError);
		expect(e.status).toBe(409);
	});
});

describe('bad input', () => {
	const grid = { kind: 'grid', spacing: 300 };
	const ok = { type: 'red_station', k: 3, candidates: grid };

	it('answers 400 naming the field, and writes nothing', async () => {
		const base = { ...ok, areaId: jizhou };
		const cases: [unknown, string][] = [
			[{ ...base, k: 0 }, 'k'],
			[{ ...base, k: -2 }, 'k'],
			[{ ...base, k: 1.5 }, 'k'],
			[{ ...base, k: undefined }, 'k'],
			[{ ...base, target: 0.9 }, 'target'],
			[{ ...base, k: undefined, target: 1.2 }, 'target'],
			[{ ...base, walkM: 0 }, 'walkM'],
			[{ ...base, walkM: -300 }, 'walkM'],
			[{ ...base, lifeCircle: '20min' }, 'lifeCircle'],
			[{ ...base, type: 'casino' }, 'type'],
			[{ ...base, areaId: 999999 }, 'areaId'],
			[{ ...base, candidates: { kind: 'grid', spacing: 10 } }, 'candidates.spacing'],
			[{ ...base, areaId: undefined, candidates: { kind: 'grid', spacing: 50 } }, 'candidates.spacing'],
			[{ ...base, candidates: { kind: 'voronoi' } }, 'candidates.kind'],
			[{ ...base, candidates: { kind: 'geojson' } }, 'candidates.geojson'],
			[
				{ ...base, candidates: { kind: 'geojson', geojson: { type: 'FeatureCollection', features: [] } } },
				'candidates.geojson'
			],
			[{ ...base, candidates: { kind: 'geojson', geojson: { type: 'Topology' } } }, 'candidates.geojson'],
			[
				{
					...base,
					k: 1,
					candidates: {
						kind: 'geojson',
						geojson: {
							type: 'FeatureCollection',
							features: [
								{
									type: 'Feature',
									properties: {},
									geometry: {
										type: 'LineString',
										coordinates: [
											[115, 27],
											[115.1, 27]
										]
									}
								}
							]
						}
					}
				},
				'candidates.geojson[0]'
			],
			[
				{
					...base,
					k: 1,
					candidates: {
						kind: 'geojson',
						geojson: {
							type: 'FeatureCollection',
							features: [
								{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [215, 27] } }
							]
						}
					}
				},
				'candidates.geojson[0]'
			],
			[
				{
					...base,
					k: 3,
					candidates: {
						kind: 'geojson',
						geojson: {
							type: 'FeatureCollection',
							features: [
								{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [115, 27.1] } }
							]
						}
					}
				},
				'k'
			],
			[{ ...base, radius: 400 }, 'radius'],
			[[1, 2], 'body']
		];
		for (const [req, field] of cases) {
			const e = await refusal(req);
			expect(e.status, JSON.stringify(req).slice(0, 160)).toBe(400);
			expect((e.field ?? '').startsWith(field), `${e.field} for ${JSON.stringify(req).slice(0, 160)}`).toBe(
				true
			);
			expect(e.message.length).toBeGreaterThan(field.length + 3);
		}
	});

	it('keeps an official inside their area', async () => {
		const official = await demoUser('jizhou');
		const err = await startSiting({ ...ok, areaId: qingyuan }, official, scopeOf(official)).catch((e) => e);
		expect(err.status).toBe(403);
		// with no area given, an official's run covers their own area only
		const o = await solveRun(await prepareRun({ ...ok, areaId: undefined }, scopeOf(official)));
		expect(o.areaId).toBe(official.areaId);
		expect(o.totals.households).toBe((await sqlBefore('red_station', official.areaId)).households);
	});
});

describe('the planning map before a run', () => {
	it('shows the dashboard facility-coverage figure: the same households reached, per building and per area', async () => {
		const ctx = await planningContext(
			ContextQuery.parse({ type: 'red_station', areaId: String(jizhou) }),
			scopeOf(planner)
		);
		const dash = await facilityCoverage(
			FacilityQuery.parse({ area: String(jizhou), type: 'red_station' }),
			scopeOf(planner)
		);
		expect(dash.total[0].reached).toBeGreaterThan(0);
		expect(ctx.totals.before).toBe(dash.total[0].reached);
		expect(ctx.totals.households).toBe(dash.total[0].households);
		expect(ctx.rule).toMatchObject({ walkM: 500, detour: 1.3, measure: 'network' });
		expect(dash.method).toBe('network');
		expect(ctx.totals.networkHouseholds).toBe(dash.total[0].networkHouseholds);
		// the map's points: unreached ones add up to what the dashboard's gap layer lists
		const gaps = await facilityMap(
			FacilityQuery.parse({ area: String(jizhou), type: 'red_station', format: 'geojson' }),
			scopeOf(planner)
		);
		const unreached = ctx.demand.filter((d) => d[3] === 0);
		const gapHouseholds = gaps.features
			.filter((f) => (f.properties as { households: number }).households > 0)
			.reduce((a, f) => a + (f.properties as { households: number }).households, 0);
		expect(unreached.reduce((a, d) => a + d[2], 0)).toBe(gapHouseholds);
		expect(unreached.length).toBe(
			gaps.features.filter((f) => (f.properties as { households: number }).households > 0).length
		);
		// per street: the dashboard's children are Jizhou's streets
		for (const child of dash.children) {
			const row = ctx.areas.find((a) => a.id === child.area.id);
			expect(row?.before ?? 0, child.area.name).toBe(child.types[0].reached);
		}
		// the existing facilities and one reach area each
		const existing = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM facilities f, areas a WHERE a.id = $1 AND f.type = 'red_station'
			   AND f.retired_at IS NULL AND ST_Intersects(f.geom, a.geom)`,
			[jizhou]
		);
		expect(ctx.existing.length).toBeGreaterThanOrEqual(existing.n);
		// their reach over the network: the walkable pieces, one MultiLineString, each within the walk
		const reach = (ctx.reach as GeoJSON.FeatureCollection).features;
		expect(reach).toHaveLength(1);
		expect(reach[0].geometry.type).toBe('MultiLineString');
		const far = await one<{ out: number; pieces: number }>(
			`WITH g AS (SELECT ST_Transform(ST_GeomFromGeoJSON($1), 4547) AS g),
			 f AS (SELECT ST_Transform(geom, 4547) AS p FROM facilities WHERE type = 'red_station' AND retired_at IS NULL)
			 SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM f WHERE ST_DWithin(f.p, d.geom, 500.01)))::int AS out,
			   count(*)::int AS pieces
			 FROM g, ST_Dump(g.g) d`,
			[JSON.stringify(reach[0].geometry)]
		);
		expect(far.pieces).toBeGreaterThan(ctx.existing.length);
		expect(far.out).toBe(0);
		// and a run's "before" is the same figure
		const o = await run({ k: 1, areaId: jizhou, candidates: { kind: 'grid', spacing: 600 } });
		expect(o.totals.before).toBe(ctx.totals.before);
	});

	it('keeps a grid while the compounds are unchanged, and reads it afresh once one changes', async () => {
		const fresh = () => analysisQuery(gridSql, [300, jizhou, 20001]);
		const kept = await gridCandidates(300, jizhou);
		expect(await gridCandidates(300, jizhou)).toBe(kept); // the same array: not read again
		expect(kept).toEqual(await fresh());
		// a compound moved about 1 km east: its squares change, so the next run must see it
		const { id } = await one<{ id: number }>(
			`SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id
			 WHERE c.retired_at IS NULL AND a.path @> ARRAY[$1::int] ORDER BY c.id LIMIT 1`,
			[jizhou]
		);
		await db().query(`UPDATE compounds SET geom = ST_Translate(geom, 0.01, 0) WHERE id = $1`, [id]);
		try {
			const moved = await gridCandidates(300, jizhou);
			expect(moved).not.toBe(kept);
			expect(moved).not.toEqual(kept);
			expect(moved).toEqual(await fresh());
		} finally {
			await db().query(`UPDATE compounds SET geom = ST_Translate(geom, -0.01, 0) WHERE id = $1`, [id]);
		}
		expect(await gridCandidates(300, jizhou)).toEqual(kept);
	});

	it('previews the grid a run would use, and refuses bad queries naming the field', async () => {
		const grid = await gridPreview(
			GridQuery.parse({ areaId: String(jizhou), spacing: '300' }),
			scopeOf(planner)
		);
		const p = await prepareRun(
			{ type: 'red_station', k: 1, areaId: jizhou, candidates: { kind: 'grid', spacing: 300 } },
			scopeOf(planner)
		);
		expect(grid).toEqual(p.candidates.map((c) => [Number(c.lon.toFixed(6)), Number(c.lat.toFixed(6))]));
		const err = await gridPreview(GridQuery.parse({ spacing: '50' }), scopeOf(planner)).catch((e) => e);
		expect(err).toBeInstanceOf(InputError);
		expect(err.field).toBe('spacing');
		const bad = await planningContext(ContextQuery.parse({ type: 'spa' }), scopeOf(planner)).catch((e) => e);
		expect(bad.field).toBe('type');
		expect(ContextQuery.safeParse({ type: 'red_station', walkM: '0x20' }).success).toBe(false);
	});
});

describe('the start-up read-ahead', () => {
	it('reads the walk graph and the default grid once started, and /api/health says where it stands', async () => {
		expect(sitingReadAhead()).toEqual({ state: 'not started' }); // the server starts it, not these tests
		const reading = warmSiting();
		expect(sitingReadAhead()).toEqual({ state: 'reading' });
		await reading;
		const done = sitingReadAhead();
		expect(done.state).toBe('done');
		expect((await health()).readAhead).toEqual(done);
	});
});
