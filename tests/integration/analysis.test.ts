// Density, hotspots, dashboard KPIs and the four coverage gaps on a hand-built district far from the
// demo city (answers worked out by hand), plus the demo district 吉州区 checked against direct counts.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type Scope } from '../../src/lib/server/auth/roles';
import { creditCodeCheckChar } from '../../src/lib/server/demo/credit-code';
import { density, DensityQuery, hotspots, HotspotQuery } from '../../src/lib/server/analysis/density';
import {
	dashboard,
	DashboardQuery,
	timeseries,
	TimeseriesQuery
} from '../../src/lib/server/analysis/dashboard';
import {
	facilityCoverage,
	facilityMap,
	FacilityQuery,
	partyCoverage,
	partyMap,
	patrolMap,
	stewardMap,
	PartyQuery,
	patrolCoverage,
	PatrolQuery,
	stewardCoverage,
	StewardQuery
} from '../../src/lib/server/coverage/service';
import { demoUser, one, ageStoredFigures, withStoredFigures } from './helpers';

const ALL: Scope = { kind: 'all' };
const F = [116.5, 26.0]; // the one elderly centre of the fixture
const BBOX = '116.47,25.97,116.55,26.05';
const ids: Record<string, number> = {};

const box = (x0: number, y0: number, x1: number, y1: number) =>
	`ST_Multi(ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}, 4326))`;
/** A tiny building square (±0.2 m) centred on a point expression. */
const square = (pt: string) => `ST_Multi(ST_Expand(${pt}, 0.000002))`;
const project = (m: number, deg: number) =>
	`ST_Project(ST_SetSRID(ST_MakePoint(${F[0]}, ${F[1]}), 4326)::geography, ${m}, radians(${deg}))::geometry`;
const at = (lon: number, lat: number) => `ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`;

async function insert(sql: string, params: unknown[] = []): Promise<number> {
	return (await one<{ id: number }>(`${sql} RETURNING id`, params)).id;
}

function creditCode(n: number) {
	const first = `91369999MA${String(n).padStart(7, '0')}`;
	return first + creditCodeCheckChar(first);
}

beforeAll(async () => {
	const city = await one<{ id: number }>(`SELECT id FROM areas WHERE level = 'city'`);
	ids.d = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T90', '测试区', 'district', $1, ${box(116.47, 25.97, 116.55, 26.05)})`,
		[city.id]
	);
	ids.s = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T9001', '测试街道', 'street', $1, ${box(116.47, 25.97, 116.55, 26.05)})`,
		[ids.d]
	);
	ids.c1 = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T900101', '一社区', 'community', $1, ${box(116.47, 25.97, 116.55, 26.01)})`,
		[ids.s]
	);
	ids.c2 = await insert(
		`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ('T900102', '二社区', 'community', $1, ${box(116.47, 26.01, 116.55, 26.05)})`,
		[ids.s]
	);
	for (const [k, n] of [
		['A', 1],
		['B', 2],
		['C', 3],
		['D', 4]
	] as const)
		ids[`co${k}`] = await insert(`INSERT INTO property_companies (name, credit_code) VALUES ($1, $2)`, [
			`测试物业${k}`,
			creditCode(n)
		]);
	// A: own branch; B: joint branch; C: none; D: an instructor only
	const branch = await insert(`INSERT INTO party_orgs (name, kind, members) VALUES ('A支部', 'branch', 5)`);
	const joint = await insert(
		`INSERT INTO party_orgs (name, kind, members) VALUES ('联合支部', 'joint_branch', 4)`
	);
	await db().query(`INSERT INTO party_org_companies VALUES ($1, $2), ($3, $4)`, [
		branch,
		ids.coA,
		joint,
		ids.coB
	]);
	const instructor = await insert(`INSERT INTO people (name, kind) VALUES ('指导员', 'instructor')`);
	await db().query(
		`INSERT INTO party_instructors (person_id, company_id, start_on) VALUES ($1, $2, '2020-01-01')`,
		[instructor, ids.coD]
	);
	ids.worker = await insert(
		`INSERT INTO people (name, kind, area_id) VALUES ('网格员甲', 'grid_worker', $1)`,
		[ids.c1]
	);
	ids.steward = await insert(`INSERT INTO people (name, kind) VALUES ('管家甲', 'steward')`);
	// compound → (community, company, households, building point, steward?)
	const compounds = [
		['A', ids.c1, ids.coA, 100, project(299, 0), true], // 299 m north of F: reached at 300 m
		['C', ids.c1, ids.coC, 200, project(301, 90), false], // 301 m east: not reached
		['D', ids.c1, ids.coD, 50, at(116.52, 26.0), false],
		['B', ids.c2, ids.coB, 300, at(116.5, 26.03), true],
		['X', ids.c2, null, 40, at(116.52, 26.03), false]
	] as const;
	for (const [k, community, company, hh, pt, stewarded] of compounds) {
		ids[`cmp${k}`] = await insert(
			`INSERT INTO compounds (code, name, community_id, district_id, company_id, households, geom)
			 VALUES ($1, $2, $3, $4, $5, $6, ST_Multi(ST_Buffer(${pt}, 0.0005, 2)))`,
			[`T-${k}`, `小区${k}`, community, ids.d, company, hh]
		);
		ids[`b${k}`] = await insert(
			`INSERT INTO buildings (code, compound_id, district_id, number, floors, households, steward_id, geom)
			 VALUES ($1, $2, $3, '1栋', 6, $4, $5, ${square(pt)})`,
			[`T-${k}-1`, ids[`cmp${k}`], ids.d, hh, stewarded ? ids.steward : null]
		);
	}
	await insert(
		`INSERT INTO facilities (code, type, name, geom) VALUES ('T-F1', 'elderly_center', '老年活动室', ${at(F[0], F[1])})`
	);
	await db().query(`UPDATE facility_reach SET detour = 1 WHERE type = 'elderly_center'`);
	// G1 (worker) holds buildings A and C; G2 (no worker) holds B; D and X lie outside every cell
	ids.g1 = await insert(
		`INSERT INTO grid_cells (code, name, community_id, district_id, worker_id, geom) VALUES ('T-G1', '一网格', $1, $2, $3, ${box(116.495, 25.995, 116.505, 26.005)})`,
		[ids.c1, ids.d, ids.worker]
	);
	ids.g2 = await insert(
		`INSERT INTO grid_cells (code, name, community_id, district_id, geom) VALUES ('T-G2', '二网格', $1, $2, ${box(116.495, 26.025, 116.505, 26.035)})`,
		[ids.c2, ids.d]
	);
	const patrol = await insert(
		`INSERT INTO patrols (worker_id, district_id, started_at) VALUES ($1, $2, now() - interval '41 days')`,
		[ids.worker, ids.d]
	);
	for (const [b, ago] of [
		['bA', 10],
		['bC', 40]
	] as const)
		await db().query(
			`INSERT INTO patrol_checkins (patrol_id, building_id, at, geom, distance_m)
			 SELECT $1, id, now() - make_interval(days => $2), ST_PointOnSurface(geom), 3 FROM buildings WHERE id = $3`,
			[patrol, ago, ids[b]]
		);
	// cross-appointments: one active, one ended
	await db().query(
		`INSERT INTO cross_appointments (person_id, direction, community_id, company_id, title, start_on, end_on) VALUES
		 ($1, 'committee_to_company', $2, $3, '监事', '2024-01-01', NULL),
		 ($1, 'committee_to_company', $2, $3, '监事', '2023-01-01', '2023-12-31')`,
		[ids.worker, ids.c1, ids.coA]
	);
	await db().query(
		`INSERT INTO fee_collections VALUES ($1, date_trunc('month', now())::date, 1000, 800), ($2, date_trunc('month', now())::date, 1000, 500)`,
		[ids.cmpA, ids.cmpB]
	);
	// tickets: [key, compound, category, status, created (days ago), resolved (days ago), due (days ago; negative = future), satisfaction, accepted after (h)]
	const tickets = [
		['T1', 'C', 'water', 'closed', 5, 4, 3, 4, 1],
		['T2', 'C', 'water', 'closed', 6, 1, 5, 2, 3],
		['T3', 'D', 'noise', 'in_progress', 2, null, 1, null, 2],
		['T4', 'D', 'noise', 'new', 1, null, -5, null, null],
		['T5', 'B', 'noise', 'closed', 60, 58, 55, 5, 1]
	] as const;
	for (const [code, c, category, status, created, resolved, due, sat, acceptH] of tickets) {
		const id = await insert(
			`INSERT INTO tickets (district_id, code, category, status, description, geom, community_id, compound_id, building_id,
			   company_id, created_at, accept_due_at, due_at, resolved_at, closed_at, satisfaction)
			 SELECT $1, $2, $3, $4, '测试', ST_PointOnSurface(b.geom), cp.community_id, cp.id, b.id, cp.company_id,
			   now() - make_interval(days => $5), now() - make_interval(days => $5) + interval '2 hours',
			   now() - make_interval(days => $6), now() - make_interval(days => $7::int), now() - make_interval(days => $7::int), $8
			 FROM buildings b JOIN compounds cp ON cp.id = b.compound_id WHERE b.id = $9`,
			[ids.d, code, category, status, created, due, resolved, sat, ids[`b${c}`]]
		);
		ids[code] = id;
		if (acceptH != null)
			await db().query(
				`INSERT INTO ticket_events (ticket_id, district_id, at, kind) SELECT id, district_id, created_at + make_interval(hours => $2), 'accepted' FROM tickets WHERE id = $1`,
				[id, acceptH]
			);
	}
});

describe('ticket density', () => {
	const q = (o: Record<string, string>) => DensityQuery.parse({ bbox: BBOX, size: '1000', ...o });

	it('bins the last 30 days of the fixture into ST_HexagonGrid cells, with late tickets and medians', async () => {
		const r = await density(q({}), ALL);
		expect(r.total).toBe(4); // T5 is 60 days old
		expect(r.cells.reduce((s, c) => s + c.overdue, 0)).toBe(2); // T2 resolved late, T3 open past due
		expect(r.cells.reduce((s, c) => s + c.open, 0)).toBe(2);
		// the same cells by joining ST_HexagonGrid itself (an independent method)
		const { rows } = await db().query(
			`SELECT h.i, h.j, count(*)::int AS n FROM tickets t
			 JOIN ST_HexagonGrid(1000, ST_Transform(ST_MakeEnvelope(116.47, 25.97, 116.55, 26.05, 4326), 3857)) h
			   ON ST_Intersects(h.geom, ST_Transform(t.geom, 3857))
			 WHERE t.district_id = $1 AND t.created_at >= now() - interval '30 days' GROUP BY 1, 2 ORDER BY 1, 2`,
			[ids.d]
		);
		expect(
			r.cells.map((c) => ({ i: c.i, j: c.j, n: c.count })).sort((a, b) => a.i - b.i || a.j - b.j)
		).toEqual(rows);
		// T1 and T2 share building C: 24 h and 120 h to resolve → median 72 h
		const cellC = r.cells.find((c) => c.count === 2 && c.medianResolutionHours != null)!;
		expect(cellC.medianResolutionHours).toBe(72);
		expect(cellC.geometry.type).toBe('Polygon');
	});

	it('filters by category, status and time window', async () => {
		expect((await density(q({ category: 'noise' }), ALL)).total).toBe(2);
		expect((await density(q({ category: 'noise,water', status: 'new' }), ALL)).total).toBe(1);
		const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
		expect((await density(q({ category: 'noise', from }), ALL)).total).toBe(3);
		const lastDays = new Date(Date.now() - 3 * 86_400_000).toISOString();
		expect((await density(q({ from: lastDays }), ALL)).total).toBe(2); // T3, T4
		expect(() => DensityQuery.parse({ status: 'lost' })).toThrow(/status/);
		await expect(density(q({ from: '2026-01-02', to: '2026-01-01' }), ALL)).rejects.toThrow(/from/);
		await expect(density(DensityQuery.parse({ bbox: '100,20,120,40', size: '10' }), ALL)).rejects.toThrow(
			/size/
		);
	});

	it('honours scope: a district official sees none of another district; planners see the counts', async () => {
		expect((await density(q({}), scopeOf(await demoUser('jizhou')))).total).toBe(0);
		expect((await density(q({}), scopeOf(await demoUser('planner')))).total).toBe(4);
		// city-wide for jizhou equals a direct count of 吉州区's tickets
		const jz = await demoUser('jizhou');
		const r = await density(DensityQuery.parse({ zoom: '9' }), scopeOf(jz));
		const direct = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM tickets t WHERE t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])
			 AND t.created_at >= now() - interval '30 days'`,
			[jz.areaId]
		);
		expect(Math.abs(r.total - direct.n)).toBeLessThanOrEqual(1); // a ticket may cross the 30-day edge between the two reads
		expect(r.total).toBeGreaterThan(100);
	});

	it('keeps the density of a long window a few minutes, equal to a fresh count; short windows and a worker live', async () => {
		const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
		const q90 = q({ from });
		// counted afresh (the tests keep nothing: REDGRID_FIGURES_MAX_AGE_SECONDS=0)
		const fresh = await density(q90, ALL);
		expect(Date.now() - Date.parse(fresh.asOf!)).toBeLessThan(60_000); // counted for this request
		expect(fresh.total).toBe(5); // T1–T5: T5 is 60 days old
		await withStoredFigures(async () => {
			const first = await density(q90, ALL);
			expect(first.asOf).not.toBeNull();
			expect(first.cells).toEqual(fresh.cells);
			// a ticket filed now in the fixture: the 30-day density moves at once, the 90-day one when renewed
			const short = await density(q({}), ALL);
			expect(short.asOf).toBeNull();
			const t = await insert(
				`INSERT INTO tickets (district_id, code, category, description, geom, community_id, compound_id,
				   created_at, accept_due_at, due_at)
				 SELECT $1, 'T9-DENS', 'noise', '测试', ST_PointOnSurface(b.geom), cp.community_id, cp.id,
				   now(), now() + interval '1 hour', now() + interval '1 day'
				 FROM buildings b JOIN compounds cp ON cp.id = b.compound_id WHERE b.id = $2`,
				[ids.d, ids.bA]
			);
			try {
				expect((await density(q({}), ALL)).total).toBe(short.total + 1);
				const second = await density(q90, ALL);
				expect([second.total, second.asOf]).toEqual([first.total, first.asOf]);
				// another scope asks another question: its own count, made now
				const planner = await density(q90, scopeOf(await demoUser('planner')));
				expect(planner.total).toBe(first.total + 1);
				await ageStoredFigures(400);
				const third = await density(q90, ALL);
				expect(third.total).toBe(first.total + 1);
				expect(Date.parse(third.asOf!)).toBeGreaterThan(Date.parse(first.asOf!));
				// a grid worker's own tickets are counted for each request, whatever the window
				const gw = await density(
					DensityQuery.parse({ zoom: '12', from }),
					scopeOf(await demoUser('gridworker'))
				);
				expect(gw.asOf).toBeNull();
			} finally {
				await db().query(`DELETE FROM tickets WHERE id = $1`, [t]);
			}
		});
	});

	it('flags repeat hotspots: the same building or compound with many tickets of one category', async () => {
		const r = await hotspots(HotspotQuery.parse({ min: '2' }), ALL);
		const mine = r.hotspots.filter(
			(h) => [ids.bC, ids.bD, ids.cmpC, ids.cmpD].includes(h.id) && h.name.startsWith('小区')
		);
		expect(mine.map((h) => `${h.kind}:${h.name}:${h.category}:${h.tickets}`).sort()).toEqual([
			'building:小区C 1栋:water:2',
			'building:小区D 1栋:noise:2',
			'compound:小区C:water:2',
			'compound:小区D:noise:2'
		]);
		const three = await hotspots(HotspotQuery.parse({ min: '3' }), ALL);
		expect(three.hotspots.some((h) => h.name.startsWith('小区') && h.id === ids.cmpC)).toBe(false);
	});
});

describe('dashboard', () => {
	it('computes the KPIs of the hand-built street and sums its children', async () => {
		const r = await dashboard(DashboardQuery.parse({ area: String(ids.s) }), ALL);
		expect(r.kpis).toMatchObject({
			compounds: 5,
			households: 690,
			buildings: 5,
			companies: 4,
			companiesWithParty: 2,
			partyCoverage: 0.5,
			crossAppointments: 1,
			open: 2,
			overdue: 1,
			created: 4,
			resolved: 2,
			resolvedOnTime: 1,
			onTimeRate: 0.5,
			medianResolutionHours: 72,
			medianResponseHours: 2,
			rated: 2,
			satisfaction: 3,
			feeRate: 0.65
		});
		const closed = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM tickets WHERE district_id = $1 AND resolved_at >= date_trunc('month', now())`,
			[ids.d]
		);
		expect(r.kpis.closedThisMonth).toBe(closed.n);
		expect(r.children.map((c) => c.area.name)).toEqual(['一社区', '二社区']);
		expect(r.children[0]).toMatchObject({ companies: 3, companiesWithParty: 1, open: 2, households: 350 });
		expect(r.children[0].partyCoverage).toBeCloseTo(0.3333, 4); // 3 companies, 1 with a branch
	});

	it('matches direct counts over the raw rows for 吉州区, and its streets sum to it', async () => {
		const jz = await one<{ id: number }>(`SELECT id FROM areas WHERE code = '360802'`);
		const r = await dashboard(DashboardQuery.parse({ area: String(jz.id) }), ALL);
		const direct = await one<Record<string, number>>(
			`WITH comm AS (SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'),
			 t AS (SELECT * FROM tickets WHERE community_id IN (SELECT id FROM comm))
			 SELECT (SELECT count(*) FROM t WHERE status IN ('new','assigned','accepted','in_progress'))::int AS open,
			   (SELECT count(*) FROM t WHERE status IN ('new','assigned','accepted','in_progress') AND due_at < now())::int AS overdue,
			   (SELECT count(*) FROM t WHERE ticket_is_at_risk(status, category, created_at, due_at, suspended_at))::int AS "atRisk",
			   (SELECT count(*) FROM t WHERE resolved_at >= now() - interval '30 days')::int AS resolved,
			   (SELECT count(*) FROM t WHERE resolved_at >= now() - interval '30 days' AND resolved_at <= due_at)::int AS "resolvedOnTime",
			   (SELECT count(*) FROM t WHERE closed_at >= now() - interval '30 days' AND satisfaction IS NOT NULL)::int AS rated,
			   (SELECT count(*) FROM compounds WHERE community_id IN (SELECT id FROM comm))::int AS compounds,
			   (SELECT sum(households) FROM compounds WHERE community_id IN (SELECT id FROM comm))::int AS households,
			   (SELECT count(*) FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE c.community_id IN (SELECT id FROM comm))::int AS buildings,
			   (SELECT count(*) FROM cross_appointments WHERE community_id IN (SELECT id FROM comm) AND (end_on IS NULL OR end_on >= current_date) AND start_on <= current_date)::int AS "crossAppointments"`,
			[jz.id]
		);
		for (const [k, v] of Object.entries(direct))
			expect([k, r.kpis[k as keyof typeof r.kpis]]).toEqual([k, v]);
		expect(r.children.length).toBeGreaterThan(1);
		for (const k of [
			'open',
			'overdue',
			'atRisk',
			'closedThisMonth',
			'created',
			'resolved',
			'resolvedOnTime',
			'rated',
			'satisfactionSum',
			'compounds',
			'households',
			'buildings',
			'companies',
			'companiesWithParty',
			'crossAppointments'
		] as const)
			expect([k, r.children.reduce((s, c) => s + c[k], 0)]).toEqual([k, r.kpis[k]]);
	});

	it('counts open tickets live while the window figures come from the stored answer, and says when that was counted', async () => {
		const jz = await one<{ id: number }>(`SELECT id FROM areas WHERE code = '360802'`);
		const q = DashboardQuery.parse({ area: String(jz.id) });
		await withStoredFigures(async () => {
			const first = await dashboard(q, ALL);
			// a ticket filed now in 吉州区: open at once, "created" only when the stored figures are renewed
			const t = await one<{ id: number }>(
				`INSERT INTO tickets (district_id, code, category, description, geom, community_id, compound_id,
				   created_at, accept_due_at, due_at)
				 SELECT c.district_id, 'T9-LIVE', 'noise', '测试', ST_PointOnSurface(c.geom), c.community_id, c.id,
				   now(), now() + interval '1 hour', now() + interval '1 day'
				 FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path @> ARRAY[$1::int] ORDER BY c.id LIMIT 1
				 RETURNING id`,
				[jz.id]
			);
			const second = await dashboard(q, ALL);
			expect(second.kpis.open).toBe(first.kpis.open + 1);
			expect(second.kpis.created).toBe(first.kpis.created);
			expect(second.figuresAsOf).toBe(first.figuresAsOf);
			expect(second.children.reduce((s, c) => s + c.open, 0)).toBe(second.kpis.open);
			// older than the limit: counted anew
			await ageStoredFigures(400);
			const third = await dashboard(q, ALL);
			expect(third.kpis.created).toBe(first.kpis.created + 1);
			expect(Date.parse(third.figuresAsOf)).toBeGreaterThan(Date.parse(first.figuresAsOf));
			await db().query(`DELETE FROM ticket_events WHERE ticket_id = $1`, [t.id]);
			await db().query(`DELETE FROM tickets WHERE id = $1`, [t.id]);
		});
	});

	it('keeps an official inside their subtree', async () => {
		const jz = scopeOf(await demoUser('jizhou'));
		await expect(dashboard(DashboardQuery.parse({ area: String(ids.d) }), jz)).rejects.toMatchObject({
			status: 403
		});
		expect((await dashboard(DashboardQuery.parse({}), jz)).area.name).toBe('吉州区');
	});

	it('counts tickets per day and category', async () => {
		const r = await timeseries(TimeseriesQuery.parse({ area: String(ids.s), days: '10' }), ALL);
		const total = (c: string) => r.series.find((s) => s.category === c)?.counts.reduce((a, b) => a + b, 0);
		expect([total('water'), total('noise')]).toEqual([2, 2]);
		expect(r.buckets.length).toBe(11);
	});
});

describe('coverage gaps', () => {
	it('party organizations: per area, own and joint apart, households, uncovered companies worst first', async () => {
		const r = await partyCoverage(PartyQuery.parse({ area: String(ids.s) }), ALL);
		expect(r.total).toMatchObject({
			companies: 4,
			own: 1,
			joint: 1,
			instructor: 1,
			none: 1,
			companyCoverage: 0.5
		});
		expect(r.total).toMatchObject({
			managedHouseholds: 650,
			coveredHouseholds: 400,
			selfManagedHouseholds: 40
		});
		expect(r.children[0]).toMatchObject({ companies: 3, own: 1, joint: 0 });
		expect(r.children[0].companyCoverage).toBeCloseTo(1 / 3, 4);
		// D: 2 tickets / 50 households = 40 per 1,000; C: 2 / 200 = 10 per 1,000
		expect(r.uncovered.map((c) => [c.name, c.partyStatus, c.households, c.rate])).toEqual([
			['测试物业D', 'instructor', 50, 40],
			['测试物业C', 'none', 200, 10]
		]);
		const fc = await partyMap(PartyQuery.parse({ area: String(ids.s), format: 'geojson' }), ALL);
		expect(fc.features.map((f) => f.properties!.name).sort()).toEqual(['小区C', '小区D']);
	});

	it('facilities: a building 299 m away is reached at 300 m, one 301 m away is not', async () => {
		const d = await one<{ a: number; c: number }>(
			`SELECT ST_Distance(ST_PointOnSurface(a.geom)::geography, ${at(F[0], F[1])}::geography) AS a,
			        ST_Distance(ST_PointOnSurface(c.geom)::geography, ${at(F[0], F[1])}::geography) AS c
			 FROM buildings a, buildings c WHERE a.id = $1 AND c.id = $2`,
			[ids.bA, ids.bC]
		);
		expect(d.a).toBeLessThan(300);
		expect(d.c).toBeGreaterThan(300);
		const r = await facilityCoverage(
			FacilityQuery.parse({ area: String(ids.s), type: 'elderly_center' }),
			ALL
		);
		// walks over the network are in force (the demo's roads), but this street lies far from every road:
		// each of its buildings is measured by straight line × detour, and the figures say so
		expect(r.method).toBe('network');
		expect(r.total).toEqual([
			{ type: 'elderly_center', households: 690, reached: 100, share: 0.1449, networkHouseholds: 0 }
		]);
		expect(r.children.map((c) => c.types[0].reached)).toEqual([100, 0]);
		const fc = await facilityMap(
			FacilityQuery.parse({ area: String(ids.s), type: 'elderly_center', format: 'geojson' }),
			ALL
		);
		expect(fc.features.map((f) => f.properties!.households)).toEqual([300, 200, 50, 40]);
		expect(fc.features.map((f) => f.properties!.rule)).toEqual([
			'straight-line',
			'straight-line',
			'straight-line',
			'straight-line'
		]);
		// with the default detour (1.3) even 299 m is out of reach: 299 × 1.3 > 300
		await db().query(`UPDATE facility_reach SET detour = 1.3 WHERE type = 'elderly_center'`);
		const r2 = await facilityCoverage(
			FacilityQuery.parse({ area: String(ids.s), type: 'elderly_center' }),
			ALL
		);
		expect(r2.total[0].reached).toBe(0);
		await db().query(`UPDATE facility_reach SET detour = 1 WHERE type = 'elderly_center'`);
		await expect(facilityCoverage(FacilityQuery.parse({ type: 'spa' }), ALL)).rejects.toThrow(/type/);
	});

	it('keeps the facility counts while their data is unchanged, however old, and counts again once it changes', async () => {
		const q = FacilityQuery.parse({ area: String(ids.s) });
		const fresh = await facilityCoverage(q, ALL);
		const elderly = (r: typeof fresh) => r.total.find((t) => t.type === 'elderly_center')!;
		expect(elderly(fresh).reached).toBe(100);
		await withStoredFigures(async () => {
			const first = await facilityCoverage(q, ALL);
			expect(first.total).toEqual(fresh.total);
			expect(first.children).toEqual(fresh.children);
			// nothing changed: the stored counts are exact, even past REDGRID_FIGURES_MAX_AGE_SECONDS
			await ageStoredFigures(400);
			const second = await facilityCoverage(q, ALL);
			expect(second.asOf).toBe(new Date(Date.parse(first.asOf) - 400_000).toISOString());
			expect(second.total).toEqual(first.total);
			// the reach rule made stricter (299 m × 1.3 > 300 m): counted again at once
			await db().query(`UPDATE facility_reach SET detour = 1.3 WHERE type = 'elderly_center'`);
			try {
				const third = await facilityCoverage(q, ALL);
				expect(elderly(third).reached).toBe(0);
				expect(Date.parse(third.asOf)).toBeGreaterThan(Date.parse(first.asOf));
			} finally {
				await db().query(`UPDATE facility_reach SET detour = 1 WHERE type = 'elderly_center'`);
			}
			// and once more when the rule is put back
			expect(elderly(await facilityCoverage(q, ALL)).reached).toBe(100);
		});
	});

	it('stewards and grid cells: no steward, outside every cell, no worker, too many households', async () => {
		const r = await stewardCoverage(StewardQuery.parse({ area: String(ids.s), maxHouseholds: '250' }), ALL);
		expect(r.total).toMatchObject({
			buildings: 5,
			buildingsWithoutSteward: 3,
			householdsWithoutSteward: 290,
			buildingsOutsideCells: 2,
			householdsOutsideCells: 90,
			cells: 2,
			cellsWithoutWorker: 1,
			cellsOverCapacity: 2
		});
		const r500 = await stewardCoverage(StewardQuery.parse({ area: String(ids.s) }), ALL);
		expect(r500.total.cellsOverCapacity).toBe(0);
		expect(r.children.map((c) => c.buildingsWithoutSteward)).toEqual([2, 1]);
		const fc = await stewardMap(StewardQuery.parse({ area: String(ids.s), maxHouseholds: '250' }), ALL);
		const kinds = fc.features.map((f) => `${f.properties!.kind}:${f.properties!.name}`).sort();
		expect(kinds).toEqual([
			'building:小区C 1栋',
			'building:小区D 1栋',
			'building:小区X 1栋',
			'cell:一网格',
			'cell:二网格'
		]);
	});

	it('keeps the steward counts while their data is unchanged, and counts again once a cell or a steward changes', async () => {
		const q = StewardQuery.parse({ area: String(ids.s), maxHouseholds: '250' });
		await withStoredFigures(async () => {
			const first = await stewardCoverage(q, ALL);
			await ageStoredFigures(400);
			const second = await stewardCoverage(q, ALL);
			expect(Date.parse(second.asOf)).toBe(Date.parse(first.asOf) - 400_000);
			// a grid cell retired: counted again at once
			const cell = await one<{ id: number }>(
				`SELECT g.id FROM grid_cells g JOIN areas a ON a.id = g.community_id
				 WHERE a.path @> ARRAY[$1::int] ORDER BY g.id LIMIT 1`,
				[ids.s]
			);
			await db().query(`UPDATE grid_cells SET retired_at = now() WHERE id = $1`, [cell.id]);
			try {
				const third = await stewardCoverage(q, ALL);
				expect(third.total.cells).toBe(first.total.cells - 1);
			} finally {
				await db().query(`UPDATE grid_cells SET retired_at = NULL WHERE id = $1`, [cell.id]);
			}
			// a steward retired: their buildings count as without one at once
			const stewarded = await one<{ steward: number; n: number }>(
				`SELECT b.steward_id AS steward, count(*)::int AS n FROM buildings b
				 JOIN compounds c ON c.id = b.compound_id JOIN areas a ON a.id = c.community_id
				 WHERE a.path @> ARRAY[$1::int] AND b.steward_id IS NOT NULL AND b.retired_at IS NULL
				 GROUP BY b.steward_id ORDER BY b.steward_id LIMIT 1`,
				[ids.s]
			);
			const before = await stewardCoverage(q, ALL);
			await db().query(`UPDATE people SET retired_at = now() WHERE id = $1`, [stewarded.steward]);
			try {
				const after = await stewardCoverage(q, ALL);
				expect(after.total.buildingsWithoutSteward).toBe(before.total.buildingsWithoutSteward + stewarded.n);
			} finally {
				await db().query(`UPDATE people SET retired_at = NULL WHERE id = $1`, [stewarded.steward]);
			}
		});
	});

	it('patrols: buildings not checked in during the last N days, per grid cell', async () => {
		const r = await patrolCoverage(PatrolQuery.parse({ area: String(ids.s) }), ALL);
		expect(r.cells.map((c) => [c.code, c.buildings, c.unchecked])).toEqual([
			['T-G2', 1, 1],
			['T-G1', 2, 1]
		]);
		const r45 = await patrolCoverage(PatrolQuery.parse({ area: String(ids.s), days: '45' }), ALL);
		expect(r45.cells.find((c) => c.code === 'T-G1')!.unchecked).toBe(0);
		expect(r.total).toMatchObject({ cells: 2, buildings: 3, unchecked: 2 });
		const fc = await patrolMap(PatrolQuery.parse({ area: String(ids.s) }), ALL);
		expect(
			fc.features
				.filter((f) => f.properties!.kind === 'building')
				.map((f) => f.id)
				.sort()
		).toEqual([`b${ids.bB}`, `b${ids.bC}`].sort());
		expect(fc.features.find((f) => f.properties!.code === 'T-G1')!.properties!.share).toBe(0.5);
	});

	it("keeps an official's patrol counts a few minutes; a grid worker's own move at once", async () => {
		const q = PatrolQuery.parse({ area: String(ids.s) });
		const gw = await demoUser('gridworker');
		/** A check-in at a building nobody checked in at lately: in the fixture's area, or in the worker's cells. */
		const checkin = async (where: 'area' | 'worker') => {
			const b = await one<{ id: number; cell: number }>(
				`SELECT b.id, g.id AS cell FROM buildings b
				 JOIN grid_cells g ON ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND g.retired_at IS NULL
				 JOIN areas a ON a.id = g.community_id
				 WHERE CASE WHEN $3 = 'area' THEN a.path @> ARRAY[$1::int] ELSE g.worker_id = $2 END
				   AND b.retired_at IS NULL
				   AND NOT EXISTS (SELECT 1 FROM patrol_checkins pc WHERE pc.building_id = b.id AND pc.at >= now() - interval '30 days')
				 ORDER BY b.id LIMIT 1`,
				[ids.s, gw.personId, where]
			);
			const patrol = await insert(
				`INSERT INTO patrols (worker_id, district_id, started_at, ended_at)
				 SELECT $1, district_id, now() - interval '1 hour', now() FROM buildings WHERE id = $2`,
				[gw.personId, b.id]
			);
			await insert(
				`INSERT INTO patrol_checkins (patrol_id, building_id, at, geom, distance_m)
				 SELECT $1, id, now(), ST_PointOnSurface(geom), 0 FROM buildings WHERE id = $2`,
				[patrol, b.id]
			);
		};
		await withStoredFigures(async () => {
			const first = await patrolCoverage(q, ALL);
			expect(first.asOf).not.toBeNull();
			const own = await patrolCoverage(PatrolQuery.parse({}), scopeOf(gw));
			expect(own.asOf).toBeNull();
			await checkin('area');
			const second = await patrolCoverage(q, ALL);
			expect(second.total.unchecked).toBe(first.total.unchecked);
			expect(second.asOf).toBe(first.asOf);
			await ageStoredFigures(400);
			const third = await patrolCoverage(q, ALL);
			expect(third.total.unchecked).toBe(first.total.unchecked - 1);
			// the worker's own count moves with their next check-in, with no wait
			await checkin('worker');
			const ownAfter = await patrolCoverage(PatrolQuery.parse({}), scopeOf(gw));
			expect(ownAfter.total.unchecked).toBe(own.total.unchecked - 1);
		});
	});

	it('gives a grid worker only their own cells', async () => {
		const gw = await demoUser('gridworker');
		const r = await patrolCoverage(PatrolQuery.parse({}), scopeOf(gw));
		const direct = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM grid_cells WHERE worker_id = $1`,
			[gw.personId]
		);
		expect(r.cells.length).toBe(direct.n);
		expect(r.cells.length).toBeGreaterThan(0);
	});
});
