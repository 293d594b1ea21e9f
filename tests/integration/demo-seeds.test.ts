// The demo city's geometric invariants at several seeds, checked by PostGIS on the rows as loaded:
// the default seed (this file's database, cloned from the seeded template) and two more loaded here
// (city only, scale 1) into databases of their own. The warp (src/lib/server/demo/warp.ts) bends the
// layout's lattice; these are the invariants it must keep.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, db } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import { seedDemo } from '../../src/lib/server/demo/load';
import { clusterQuery } from '../setup/cluster';
import routeSql from '../../src/lib/server/tickets/route.sql?raw';

const NOW = Date.UTC(2025, 5, 1, 4, 0);
const pools = new Map<number | 'default', pg.Pool>();
const made: string[] = [];

beforeAll(async () => {
	pools.set('default', db());
	for (const seed of [1, 7]) {
		const name = `seed_${seed}_${randomBytes(4).toString('hex')}`;
		await clusterQuery(`CREATE DATABASE ${name}`);
		made.push(name);
		const pool = createPool(`${process.env.REDGRID_TEST_PG}/${name}`, 2);
		await migrate(pool);
		await seedDemo(pool, { seed, now: NOW, cityOnly: true });
		pools.set(seed, pool);
	}
}, 300_000);

afterAll(async () => {
	for (const [k, pool] of pools) if (k !== 'default') await pool.end();
	for (const name of made) await clusterQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

const count = async (seed: number | 'default', sql: string) =>
	Number((await pools.get(seed)!.query<{ n: number }>(sql)).rows[0].n);
// Areas are clipped to their parents by floating-point polygon clipping: a child may stick out
// of its parent by rounding (1e-15°), never by a measurable area.
const STICKS_OUT = (child: string, parent: string) =>
	`ST_Area(ST_Difference(${child}, ${parent})) > 1e-9 * ST_Area(${child})`;

describe.each(['default', 1, 7] as const)('the demo city at seed %s', (seed) => {
	it('is warped: buildings turned off due south, roads of the lattice bent', async () => {
		// a rectangle turned by the warp no longer fills its bounding box
		const turned = await count(
			seed,
			`SELECT (count(*) FILTER (WHERE ST_Area(ST_Envelope(geom)) > ST_Area(geom) * 1.002) * 1000 / count(*))::int AS n FROM buildings`
		);
		expect(turned).toBeGreaterThan(500);
		// an arterial, secondary road or lane that is longer than the straight line between its ends
		const bent = await count(
			seed,
			`SELECT (count(*) FILTER (WHERE ST_Length(geom) > ST_Distance(ST_StartPoint(geom), ST_EndPoint(geom)) * 1.0001) * 1000 / count(*))::int AS n
			 FROM roads WHERE class IN ('primary', 'secondary', 'residential') AND NOT bridge AND ST_Length(geom::geography) > 300`
		);
		expect(bent).toBeGreaterThan(300);
	});

	it('has valid geometry, buildings in compounds in communities in streets in districts', async () => {
		for (const t of ['areas', 'grid_cells', 'compounds', 'buildings', 'roads', 'landuse'])
			expect(await count(seed, `SELECT count(*)::int AS n FROM ${t} WHERE NOT ST_IsValid(geom)`), t).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE NOT ST_CoveredBy(b.geom, c.geom)`
			)
		).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM compounds c JOIN areas a ON a.id = c.community_id WHERE NOT ST_CoveredBy(c.geom, a.geom)`
			)
		).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM compounds a JOIN compounds b ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)`
			)
		).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM landuse l JOIN compounds c ON l.geom && c.geom AND ST_Intersects(l.geom, c.geom)`
			)
		).toBe(0);
		for (const [child, parent] of [
			['community', 'street'],
			['street', 'district']
		])
			expect(
				await count(
					seed,
					`SELECT count(*)::int AS n FROM areas c JOIN areas p ON p.id = c.parent_id
					 WHERE c.level = '${child}' AND (p.level <> '${parent}' OR ${STICKS_OUT('c.geom', 'p.geom')})`
				),
				`${child} in ${parent}`
			).toBe(0);
		// the districts still tile the city: the warp leaves their boundaries where they were
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM areas a JOIN areas b ON a.id < b.id AND a.level = 'district' AND b.level = 'district'
				 WHERE a.geom && b.geom AND ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-9 * ST_Area(a.geom)`
			)
		).toBe(0);
	});

	it("divides every district's land among its streets and towns: what no street holds is the river's band", async () => {
		// per district, as shares of its area: the land its streets leave out farther than 120 m from the
		// water (the bank strip is 90 m wide, a little more in the river's bends), the area its streets
		// overlap, and the streets' own share. Areas are planar (in degrees²): polygon clipping leaves
		// slivers of three collinear vertices that have no planar area, but a spheroid's area measures
		// their 60 km long edges as geodesics and finds up to a square kilometre in them.
		const { rows } = await pools
			.get(seed)!
			.query<{ name: string; gap: number; overlap: number; share: number }>(
				`WITH s AS (SELECT parent_id, ST_Union(geom) AS u, sum(ST_Area(geom)) AS total
			            FROM areas WHERE level = 'street' GROUP BY parent_id),
			      w AS (SELECT ST_Buffer(ST_Union(geom)::geography, 120)::geometry AS band FROM water)
			 SELECT d.name, ST_Area(ST_Difference(ST_Difference(d.geom, s.u), w.band)) / ST_Area(d.geom) AS gap,
			   (s.total - ST_Area(s.u)) / ST_Area(d.geom) AS overlap, ST_Area(s.u) / ST_Area(d.geom) AS share
			 FROM areas d JOIN s ON s.parent_id = d.id, w WHERE d.level = 'district' ORDER BY d.code`
			);
		expect(rows.length).toBeGreaterThan(1);
		for (const r of rows) {
			expect(r.gap, `${r.name}: share of its land in no street`).toBeLessThan(1e-9);
			expect(Math.abs(r.overlap), `${r.name}: share its streets overlap`).toBeLessThan(1e-9);
			expect(r.share, r.name).toBeGreaterThan(0.9);
		}
		// a street's party committee sits in its built-up core: inside one of its communities
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM party_orgs o JOIN areas s ON s.id = o.area_id AND s.level = 'street'
				 WHERE o.kind = 'committee' AND (o.geom IS NULL OR NOT EXISTS (
				   SELECT 1 FROM areas c WHERE c.parent_id = s.id AND c.level = 'community' AND ST_Covers(c.geom, o.geom)))`
			)
		).toBe(0);
	});

	it('tiles every community exactly with grid cells', async () => {
		expect(
			await count(
				seed,
				`WITH s AS (SELECT community_id, sum(ST_Area(geom)) AS total, ST_Area(ST_Union(geom)) AS merged FROM grid_cells GROUP BY community_id)
				 SELECT count(*)::int AS n FROM areas a LEFT JOIN s ON s.community_id = a.id WHERE a.level = 'community'
				   AND (s.total IS NULL OR abs(s.total - ST_Area(a.geom)) > 1e-6 * ST_Area(a.geom) OR abs(s.merged - ST_Area(a.geom)) > 1e-6 * ST_Area(a.geom))`
			)
		).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM grid_cells a JOIN grid_cells b ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
				 WHERE ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-9 * LEAST(ST_Area(a.geom), ST_Area(b.geom))`
			)
		).toBe(0);
		// no building is cut by a cell's edge
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM buildings b JOIN grid_cells g ON b.geom && g.geom AND ST_Intersects(b.geom, g.geom)
				 WHERE ST_Area(ST_Intersection(b.geom, g.geom)) BETWEEN 1e-6 * ST_Area(b.geom) AND (1 - 1e-6) * ST_Area(b.geom)`
			)
		).toBe(0);
	});

	it('has roads that cross no building and no compound but through its gates, and a river crossed only by bridges', async () => {
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM roads r JOIN buildings b ON r.geom && b.geom AND ST_Intersects(r.geom, b.geom)`
			)
		).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM roads r JOIN compounds c ON r.geom && c.geom AND ST_Intersects(r.geom, c.geom) WHERE r.class <> 'footway'`
			)
		).toBe(0);
		const water = await pools.get(seed)!.query<{ wet: number; bridges: number; dry_bridges: number }>(
			`SELECT count(*) FILTER (WHERE NOT r.bridge AND ST_Intersects(r.geom, w.geom))::int AS wet,
				        count(*) FILTER (WHERE r.bridge AND ST_Crosses(r.geom, w.geom))::int AS bridges,
				        count(*) FILTER (WHERE r.bridge AND NOT ST_Intersects(r.geom, w.geom))::int AS dry_bridges
				 FROM roads r, water w WHERE w.name = '赣江'`
		);
		expect(water.rows[0]).toEqual({ wet: 0, bridges: water.rows[0].bridges, dry_bridges: 0 });
		expect(water.rows[0].bridges).toBeGreaterThanOrEqual(3);
		for (const t of ['buildings', 'compounds', 'grid_cells'])
			expect(
				await count(
					seed,
					`SELECT count(*)::int AS n FROM ${t} x JOIN water w ON x.geom && w.geom AND ST_Intersects(x.geom, w.geom)`
				),
				t
			).toBe(0);
	});

	it('puts facilities in their areas and compounds, and lets a compound be entered through its gates', async () => {
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM facilities f JOIN areas a ON a.id = f.area_id WHERE NOT ST_Covers(a.geom, f.geom)`
			)
		).toBe(0);
		expect(
			await count(
				seed,
				`SELECT count(*)::int AS n FROM facilities f JOIN compounds c ON c.id = f.compound_id WHERE NOT ST_Covers(c.geom, f.geom)`
			)
		).toBe(0);
		// each gate crosses its compound's wall once and reaches a road beyond it (most of them)
		const gates = await pools.get(seed)!.query<{ gates: number; crossing: number; reaching: number }>(
			`SELECT count(*)::int AS gates,
			        count(*) FILTER (WHERE ST_NumGeometries(ST_Intersection(r.geom, ST_Boundary(c.geom))) = 1)::int AS crossing,
			        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM roads s WHERE s.class <> 'footway' AND s.geom && r.geom AND ST_Intersects(s.geom, r.geom)))::int AS reaching
			 FROM roads r JOIN compounds c ON r.name IN (c.name || '南门', c.name || '北门')`
		);
		const g = gates.rows[0];
		expect(g.gates).toBeGreaterThan(1000);
		expect(g.crossing).toBe(g.gates);
		expect(g.reaching / g.gates).toBeGreaterThan(0.9);
	});
});

describe("the default city's activity in the warped city", () => {
	it('records each check-in with its true distance to the building (as PostGIS measures it)', async () => {
		const r = await pools.get('default')!.query<{ n: number; off: number; far: number }>(
			`SELECT count(*)::int AS n,
			        count(*) FILTER (WHERE abs(c.distance_m - ST_Distance(c.geom::geography, b.geom::geography)) > 0.5)::int AS off,
			        count(*) FILTER (WHERE c.distance_m > 0)::int AS far
			 FROM patrol_checkins c JOIN buildings b ON b.id = c.building_id`
		);
		expect(r.rows[0].n).toBeGreaterThan(1000);
		expect(r.rows[0].off).toBe(0);
		// the worker stands within ±20 m of the building's centre: about a third of those points
		// fall outside the footprint and the rest inside it (distance 0). The share moves a little with today's date, which decides which of the 13
		// weeks of patrols have happened, so the bounds are wide but both sides are checked.
		expect(r.rows[0].far / r.rows[0].n).toBeGreaterThan(0.15);
		expect(r.rows[0].far / r.rows[0].n).toBeLessThan(0.6);
		expect(r.rows[0].far).toBeLessThan(r.rows[0].n);
	});

	it('puts nothing of its history after the moment it was seeded (the governance tickets included)', async () => {
		const r = await pools.get('default')!.query<{ events: number; closed: number; governance: number }>(
			`SELECT (SELECT count(*) FROM ticket_events WHERE at > now())::int AS events,
			        (SELECT count(*) FROM tickets WHERE greatest(created_at, resolved_at, closed_at) > now())::int AS closed,
			        (SELECT count(*) FROM meeting_decisions WHERE ticket_id IS NOT NULL)::int AS governance`
		);
		expect(r.rows[0].governance).toBeGreaterThan(0);
		expect(r.rows[0]).toMatchObject({ events: 0, closed: 0 });
	});
});

describe("the streets' fields", () => {
	it('route a ticket filed out in the fields of 吉州区 to its street, in no community', async () => {
		// a point of 吉州区 away from every community and from the water: the middle of what is left
		const { rows } = await db().query<{ lon: number; lat: number; street: string }>(
			`WITH d AS (SELECT id, geom FROM areas WHERE code = '360802'),
			      c AS (SELECT ST_Union(geom) AS u FROM areas WHERE level = 'community'),
			      w AS (SELECT ST_Buffer(ST_Union(geom)::geography, 200)::geometry AS band FROM water),
			      f AS (SELECT (ST_Dump(ST_Difference(ST_Difference(d.geom, c.u), w.band))).geom AS g FROM d, c, w),
			      p AS (SELECT ST_PointOnSurface(g) AS pt FROM f ORDER BY ST_Area(g) DESC LIMIT 1)
			 SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat,
			   (SELECT s.name FROM areas s WHERE s.level = 'street' AND ST_Covers(s.geom, p.pt)) AS street FROM p`
		);
		expect(rows[0].street).toBeTruthy();
		const routed = (
			await db().query<{ street_id: number | null; community_id: number | null; district_id: number | null }>(
				routeSql,
				[rows[0].lon, rows[0].lat]
			)
		).rows[0];
		expect(routed.community_id).toBeNull();
		expect(routed.street_id).not.toBeNull();
		const named = await db().query<{ name: string; parent: string }>(
			`SELECT s.name, d.code AS parent FROM areas s JOIN areas d ON d.id = s.parent_id WHERE s.id = $1`,
			[routed.street_id]
		);
		expect(named.rows[0]).toEqual({ name: rows[0].street, parent: '360802' });
	});
});
