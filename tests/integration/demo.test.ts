// The default demo city as loaded by seedDemo (seed default, scale 1): spatial invariants checked by
// PostGIS itself, the named facts, the demo accounts, and refusal without side effects.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { createPool, db } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import { clusterQuery } from '../setup/cluster';
import { DEMO_TABLES, seedDemo } from '../../src/lib/server/demo/load';

const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> =>
	(await db().query(sql, params)).rows[0] as T;
const count = async (sql: string) => Number((await one<{ n: number }>(sql)).n);
// Areas are clipped to their parents by floating-point polygon clipping: a child may stick out
// of its parent by rounding (1e-15°), never by a measurable area.
const STICKS_OUT = (child: string, parent: string) =>
	`ST_Area(ST_Difference(${child}, ${parent})) > 1e-9 * ST_Area(${child})`;

async function tableCounts(): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const t of [...DEMO_TABLES, 'users', 'api_keys'])
		out[t] = await count(`SELECT count(*)::int AS n FROM ${t}`);
	return out;
}

describe('demo city: geometry', () => {
	it('has valid geometry everywhere and a city of 13 districts', async () => {
		expect(await count(`SELECT count(*)::int AS n FROM areas WHERE level = 'district'`)).toBe(13);
		expect(await count(`SELECT count(*)::int AS n FROM areas WHERE NOT ST_IsValid(geom)`)).toBe(0);
		const jizhou = await one<{ km2: number }>(
			`SELECT ST_Area(geom::geography) / 1e6 AS km2 FROM areas WHERE code = '360802'`
		);
		expect(jizhou.km2).toBeGreaterThan(350);
		expect(jizhou.km2).toBeLessThan(500);
		const city = await one<{ ratio: number }>(
			`SELECT ST_Area(c.geom) / (SELECT sum(ST_Area(geom)) FROM areas WHERE level = 'district') AS ratio FROM areas c WHERE level = 'city'`
		);
		// 1e-6 for the built-in districts; a boundary file with hairline overlaps gets some slack
		expect(Math.abs(city.ratio - 1)).toBeLessThan(1e-3);
	});

	it('nests buildings in compounds in communities in streets in districts', async () => {
		expect(
			await count(
				`SELECT count(*)::int AS n FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE NOT ST_CoveredBy(b.geom, c.geom) OR b.district_id <> c.district_id`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM compounds c JOIN areas a ON a.id = c.community_id WHERE NOT ST_CoveredBy(c.geom, a.geom) OR a.level <> 'community'`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM areas a JOIN areas p ON p.id = a.parent_id WHERE ${STICKS_OUT('a.geom', 'p.geom')}`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path[2] <> c.district_id`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM compounds c WHERE households <> (SELECT sum(households) FROM buildings b WHERE b.compound_id = c.id)`
			)
		).toBe(0);
	});

	it('tiles every community exactly with grid cells', async () => {
		const bad = await count(`
			WITH s AS (SELECT community_id, sum(ST_Area(geom)) AS total, ST_Area(ST_Union(geom)) AS merged FROM grid_cells GROUP BY community_id)
			SELECT count(*)::int AS n FROM areas a LEFT JOIN s ON s.community_id = a.id WHERE a.level = 'community'
			  AND (s.total IS NULL OR abs(s.total - ST_Area(a.geom)) > 1e-6 * ST_Area(a.geom) OR abs(s.merged - ST_Area(a.geom)) > 1e-6 * ST_Area(a.geom))`);
		expect(bad).toBe(0);
		const overlaps = await count(`
			SELECT count(*)::int AS n FROM grid_cells a JOIN grid_cells b ON a.id < b.id AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom)
			WHERE ST_Area(ST_Intersection(a.geom, b.geom)) > 1e-9 * LEAST(ST_Area(a.geom), ST_Area(b.geom))`);
		expect(overlaps).toBe(0);
		const cells = await one<{ median: number; without: number; crowded: number }>(`
			WITH h AS (SELECT g.id, g.worker_id, coalesce(sum(b.households), 0) AS hh FROM grid_cells g
			           LEFT JOIN buildings b ON ST_Contains(g.geom, ST_PointOnSurface(b.geom)) GROUP BY g.id)
			SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hh) AS median, count(*) FILTER (WHERE worker_id IS NULL)::int AS without,
			       count(*) FILTER (WHERE hh > 600)::int AS crowded FROM h`);
		expect(cells.median).toBeGreaterThanOrEqual(300);
		expect(cells.median).toBeLessThanOrEqual(550);
		expect(cells.without).toBeGreaterThan(0);
		expect(cells.crowded).toBeGreaterThan(0);
	});

	it('puts every ticket, facility and check-in where its references say', async () => {
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets t, areas c WHERE c.level = 'city' AND NOT ST_Covers(c.geom, t.geom)`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets t JOIN areas a ON a.id = t.district_id WHERE NOT ST_Covers(a.geom, t.geom)`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets t JOIN grid_cells g ON g.id = t.grid_cell_id WHERE NOT ST_Covers(g.geom, t.geom) OR g.community_id <> t.community_id`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets t JOIN compounds c ON c.id = t.compound_id WHERE NOT ST_Covers(c.geom, t.geom) OR c.community_id <> t.community_id OR c.company_id IS DISTINCT FROM t.company_id`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets t JOIN buildings b ON b.id = t.building_id WHERE NOT ST_Covers(b.geom, t.geom) OR b.compound_id <> t.compound_id`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM facilities f JOIN areas a ON a.id = f.area_id WHERE NOT ST_Covers(a.geom, f.geom)`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM patrol_checkins c JOIN buildings b ON b.id = c.building_id WHERE ST_Distance(c.geom::geography, b.geom::geography) > 50`
			)
		).toBe(0);
		expect(await count(`SELECT count(DISTINCT type)::int AS n FROM facilities`)).toBe(10);
	});
});

describe('demo city: base map', () => {
	it('has roads that cross no building and a river crossed only by bridges', async () => {
		expect(await count(`SELECT count(*)::int AS n FROM water WHERE name = '赣江' AND kind = 'river'`)).toBe(
			1
		);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM roads r JOIN buildings b ON r.geom && b.geom AND ST_Intersects(r.geom, b.geom)`
			)
		).toBe(0);
		// streets keep clear of compounds; footways are a compound's own paths (inside it) and gates
		expect(
			await count(
				`SELECT count(*)::int AS n FROM roads r JOIN compounds c ON r.geom && c.geom AND ST_Intersects(r.geom, c.geom)
				 WHERE r.class <> 'footway'`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM roads r WHERE r.class = 'footway' AND r.name IS NULL
				   AND NOT EXISTS (SELECT 1 FROM compounds c WHERE ST_CoveredBy(r.geom, c.geom))`
			)
		).toBe(0);
		// a compound is entered only through its gates: each gate crosses its compound's edge once
		const gates = await one<{ gates: number; compounds: number; crossing: number }>(
			`SELECT count(*)::int AS gates, count(DISTINCT c.id)::int AS compounds,
			   count(*) FILTER (WHERE ST_NumGeometries(ST_Intersection(r.geom, ST_Boundary(c.geom))) = 1)::int AS crossing
			 FROM roads r JOIN compounds c ON r.name IN (c.name || '南门', c.name || '北门') AND ST_Intersects(r.geom, c.geom)
			 WHERE r.class = 'footway'`
		);
		expect(gates.compounds).toBe(await count(`SELECT count(*)::int AS n FROM compounds`));
		expect(gates.gates).toBe(2 * gates.compounds);
		expect(gates.crossing).toBe(gates.gates);
		const wet = await one<{ bridges: number; others: number }>(
			`SELECT count(*) FILTER (WHERE r.bridge)::int AS bridges, count(*) FILTER (WHERE NOT r.bridge)::int AS others
			 FROM roads r JOIN water w ON ST_Intersects(r.geom, w.geom)`
		);
		expect(wet.others).toBe(0);
		expect(wet.bridges).toBeGreaterThanOrEqual(3);
		expect(
			await count(`SELECT count(*)::int AS n FROM buildings b JOIN water w ON ST_Intersects(b.geom, w.geom)`)
		).toBe(0);
		// the river runs where the Gan does: past the old centre near (115.00 E, 27.11 N), 500-800 m wide
		const river = await one<{ m: number; width: number }>(
			`SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(115.0, 27.11), 4326)::geography) AS m,
			        ST_Area(geom::geography) / (ST_Perimeter(geom::geography) / 2) AS width FROM water WHERE name = '赣江'`
		);
		expect(river.m).toBe(0);
		expect(river.width).toBeGreaterThan(500);
		expect(river.width).toBeLessThan(800);
		const classes = await db().query(
			`SELECT class, count(*)::int AS n FROM roads GROUP BY class ORDER BY class`
		);
		expect(classes.rows.map((r) => r.class)).toEqual(['footway', 'primary', 'residential', 'secondary']);
		// with the compounds' paths and gates, at least 90 % of buildings are measured on the walking network
		const share = await one<{ share: number }>(
			`SELECT (count(DISTINCT building_id) FILTER (WHERE rule = 'network'))::float8 / count(DISTINCT building_id) AS share
			 FROM building_walk`
		);
		expect(share.share).toBeGreaterThanOrEqual(0.9);
		expect(
			await count(`SELECT count(*)::int AS n FROM landuse WHERE kind IN ('school', 'park', 'hospital')`)
		).toBeGreaterThan(10);
	});

	it('names 吉州区 streets and communities with their official codes', async () => {
		const rows = (
			await db().query(
				`SELECT code, name FROM areas WHERE code IN ('360802001', '360802004', '360802005', '360802001001') ORDER BY code`
			)
		).rows;
		expect(rows).toEqual([
			{ code: '360802001', name: '古南街道' },
			{ code: '360802001001', name: '桃树下社区' },
			{ code: '360802004', name: '习溪桥街道' },
			{ code: '360802005', name: '北门街道' }
		]);
	});
});

describe('demo city: tickets', () => {
	it('has a year of tickets, mostly in 吉州区, with SLA times and consistent history', async () => {
		const t = await one<{ n: number; jizhou: number; span: number; open: number; overdue: number }>(`
			SELECT count(*)::int AS n, count(*) FILTER (WHERE a.code = '360802')::int AS jizhou,
			       extract(epoch FROM max(created_at) - min(created_at)) / 86400 AS span,
			       count(*) FILTER (WHERE status NOT IN ('resolved', 'closed', 'rejected'))::int AS open,
			       count(*) FILTER (WHERE coalesce(resolved_at, now()) > due_at)::int AS overdue
			FROM tickets t JOIN areas a ON a.id = t.district_id`);
		expect(t.n).toBeGreaterThan(20_000);
		expect(t.n).toBeLessThan(40_000);
		expect(t.jizhou / t.n).toBeGreaterThan(0.6);
		expect(t.span).toBeGreaterThan(360);
		expect(t.open).toBeGreaterThan(0);
		expect(t.overdue).toBeGreaterThan(0);
		expect(
			await count(`SELECT count(*)::int AS n FROM tickets WHERE accept_due_at <> created_at + interval '2 hours'
			OR due_at <> created_at + CASE urgency WHEN 'urgent' THEN interval '24 hours' WHEN 'normal' THEN interval '5 days' ELSE interval '15 days' END`)
		).toBe(0);
		// the last event of every ticket leads to its status, and events never go back in time
		expect(
			await count(`
			SELECT count(*)::int AS n FROM tickets t JOIN LATERAL (SELECT to_status FROM ticket_events e WHERE e.ticket_id = t.id ORDER BY id DESC LIMIT 1) l ON true
			WHERE l.to_status <> t.status`)
		).toBe(0);
		expect(
			await count(`
			SELECT count(*)::int AS n FROM (SELECT at < lag(at) OVER (PARTITION BY ticket_id ORDER BY id) AS back FROM ticket_events) x WHERE back`)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets t JOIN ticket_events e ON e.ticket_id = t.id AND e.kind = 'created' WHERE e.at <> t.created_at`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets WHERE status = 'closed' AND (closed_at IS NULL OR resolved_at IS NULL OR closed_at < resolved_at)`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tickets WHERE satisfaction IS NOT NULL AND status <> 'closed'`
			)
		).toBe(0);
		const hours = await one<{ day: number; night: number }>(`
			SELECT count(*) FILTER (WHERE extract(hour FROM created_at AT TIME ZONE 'Asia/Shanghai') BETWEEN 8 AND 17)::int AS day,
			       count(*) FILTER (WHERE extract(hour FROM created_at AT TIME ZONE 'Asia/Shanghai') < 6)::int AS night FROM tickets`);
		expect(hours.day).toBeGreaterThan(20 * hours.night);
	});

	it('has monthly fee collections for the last 12 months at 60-98 %', async () => {
		const f = await one<{ months: number; lo: number; hi: number }>(`
			SELECT count(DISTINCT month)::int AS months, min(collected_amount / due_amount) AS lo, max(collected_amount / due_amount) AS hi
			FROM fee_collections WHERE due_amount > 0`);
		expect(f.months).toBe(12);
		expect(f.lo).toBeGreaterThanOrEqual(0.6);
		expect(f.hi).toBeLessThanOrEqual(0.98);
	});
});

describe('demo city: named facts', () => {
	it('has 城建花苑 in 桃树下社区 of 古南街道, managed by 锦华物业 with its own party branch', async () => {
		const r = await one<{
			households: number;
			community: string;
			street: string;
			company: string;
			status: string;
		}>(`
			SELECT c.households, a.name AS community, s.name AS street, pc.name AS company, ps.party_status AS status
			FROM compounds c JOIN areas a ON a.id = c.community_id JOIN areas s ON s.id = a.parent_id
			JOIN property_companies pc ON pc.id = c.company_id JOIN company_party_status ps ON ps.company_id = pc.id
			WHERE c.name = '城建花苑'`);
		expect(Math.abs(r.households - 1000)).toBeLessThanOrEqual(50);
		expect(r).toMatchObject({
			community: '桃树下社区',
			street: '古南街道',
			company: '吉安市锦华物业有限公司',
			status: 'own'
		});
		const branch = await one<{ founded: string }>(`
			SELECT min(o.founded_on)::text AS founded FROM party_orgs o JOIN party_org_companies pc ON pc.org_id = o.id
			JOIN property_companies c ON c.id = pc.company_id WHERE c.name = '吉安市锦华物业有限公司'`);
		const first = await one<{ founded: string }>(
			`SELECT min(o.founded_on)::text AS founded FROM party_orgs o JOIN party_org_companies pc ON pc.org_id = o.id`
		);
		expect(branch.founded).toBe(first.founded);
		expect(branch.founded.startsWith('2009')).toBe(true);
	});

	it('has 阳明花园 with 1,714 households and a 200 m² red station', async () => {
		const r = await one<{ households: number; population: number; station: boolean }>(`
			SELECT c.households, c.population, bool_or(f.floor_area = 200) AS station FROM compounds c
			JOIN facilities f ON f.compound_id = c.id AND f.type = 'red_station' WHERE c.name = '阳明花园' GROUP BY c.id`);
		expect(r.households).toBe(1714);
		expect(Math.abs(r.population - 5400)).toBeLessThanOrEqual(100);
		expect(r.station).toBe(true);
	});

	it('has 43 companies with a party organization, valid credit codes and 37 cross-appointed supervisors', async () => {
		const s = await one<{ covered: number; total: number }>(`
			SELECT count(*) FILTER (WHERE party_status IN ('own', 'joint'))::int AS covered, count(*)::int AS total FROM company_party_status`);
		expect(s.covered).toBe(43);
		expect(s.covered / s.total).toBeGreaterThan(0.6);
		expect(s.covered / s.total).toBeLessThan(0.85);
		expect(
			await count(`SELECT count(*)::int AS n FROM company_party_status WHERE party_status = 'instructor'`)
		).toBeGreaterThan(0);
		expect(
			await count(`SELECT count(*)::int AS n FROM company_party_status WHERE party_status = 'none'`)
		).toBeGreaterThan(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM property_companies WHERE NOT is_valid_credit_code(credit_code)`
			)
		).toBe(0);
		expect(
			await count(
				`SELECT count(*)::int AS n FROM cross_appointments WHERE direction = 'committee_to_company'`
			)
		).toBe(37);
		expect(
			await count(`
			SELECT count(*)::int AS n FROM cross_appointments x JOIN people p ON p.id = x.person_id
			WHERE x.direction = 'committee_to_company' AND (p.kind <> 'committee_member' OR p.area_id <> x.community_id)`)
		).toBe(0);
	});
});

describe('demo accounts', () => {
	it('has the demo users with their roles and scopes', async () => {
		const { rows } = await db().query(`
			SELECT u.username, u.role, u.display_name, u.password_hash, a.name AS area, p.kind AS person_kind
			FROM users u LEFT JOIN areas a ON a.id = u.area_id LEFT JOIN people p ON p.id = u.person_id
			WHERE username IN ('admin', 'official', 'jizhou', 'gridworker', 'steward', 'planner') ORDER BY username`);
		const by = Object.fromEntries(rows.map((r) => [r.username, r]));
		expect(Object.keys(by)).toHaveLength(6);
		expect(by.admin.role).toBe('admin');
		expect(by.official).toMatchObject({ role: 'official', area: '吉安市' });
		expect(by.jizhou).toMatchObject({ role: 'official', area: '吉州区' });
		expect(by.gridworker).toMatchObject({ role: 'grid_worker', person_kind: 'grid_worker' });
		expect(by.steward).toMatchObject({ role: 'steward', person_kind: 'steward' });
		expect(by.planner.role).toBe('planner');
		for (const r of rows) expect(/[\u4e00-\u9fff]/.test(r.display_name)).toBe(true);
		expect(await verifyPassword('redgrid-demo', by.admin.password_hash)).toBe(true);
		const key = await one<{ username: string; label: string }>(
			`
			SELECT u.username, k.label FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = $1`,
			[createHash('sha256').update('redgrid-demo-key').digest('hex')]
		);
		expect(key).toEqual({ username: 'admin', label: 'demo Open311 key' });
	});

	it('gives the grid worker every cell that 城建花苑 touches, and the steward buildings there', async () => {
		const cells = await one<{ workers: number; cells: number; mine: boolean }>(`
			SELECT count(DISTINCT g.worker_id)::int AS workers, count(*)::int AS cells,
			       bool_and(g.worker_id = (SELECT person_id FROM users WHERE username = 'gridworker')) AS mine
			FROM grid_cells g JOIN compounds c ON ST_Intersects(g.geom, c.geom) AND ST_Area(ST_Intersection(g.geom, c.geom)) > 0
			WHERE c.name = '城建花苑'`);
		expect(cells).toEqual({ workers: 1, cells: expect.any(Number), mine: true });
		expect(
			await count(`
			SELECT count(*)::int AS n FROM buildings b JOIN compounds c ON c.id = b.compound_id
			WHERE c.name = '城建花苑' AND b.steward_id = (SELECT person_id FROM users WHERE username = 'steward')`)
		).toBeGreaterThan(0);
	});

	it('gives every ticket the address and every event the number the triggers give a new one', async () => {
		// the seed fills what tickets_fill_address and ticket_events_number would (load.ts)
		expect(
			await count(`SELECT count(*)::int AS n FROM tickets t
			  WHERE t.address IS DISTINCT FROM ticket_address_at(t.district_id, t.street_id, t.community_id,
			          t.compound_id, t.building_id, t.address_detail, t.geom)
			     OR t.street_id IS DISTINCT FROM (SELECT parent_id FROM areas WHERE id = t.community_id)`)
		).toBe(0);
		// events numbered in the order they were written, the sequence past them, and the next
		// event numbered by the trigger again
		expect(
			await count(`SELECT count(*)::int AS n FROM (
			  SELECT seq, lag(seq) OVER (ORDER BY id) AS before FROM ticket_events) x WHERE seq <= before`)
		).toBe(0);
		const seq = await one<{ max: string; last: string }>(
			`SELECT (SELECT max(seq) FROM ticket_events) AS max, (SELECT last_value FROM ticket_events_seq) AS last`
		);
		expect(Number(seq.last)).toBeGreaterThanOrEqual(Number(seq.max));
		const client = await db().connect();
		try {
			await client.query('BEGIN');
			const e = await client.query<{ seq: string }>(
				`INSERT INTO ticket_events (ticket_id, district_id, kind, to_status)
				 SELECT id, district_id, 'assigned', status FROM tickets ORDER BY id LIMIT 1 RETURNING seq`
			);
			expect(Number(e.rows[0].seq)).toBeGreaterThan(Number(seq.max));
		} finally {
			await client.query('ROLLBACK');
			client.release();
		}
	});

	it('has every foreign key and index of a freshly migrated database (the seed drops some for the load)', async () => {
		const keys = `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated AS k
		              FROM pg_constraint WHERE contype = 'f'
		              UNION ALL SELECT indexdef || ' ' || i.indisvalid FROM pg_indexes
		                JOIN pg_index i ON i.indexrelid = (schemaname || '.' || indexname)::regclass
		              WHERE schemaname = 'public' ORDER BY 1`;
		const name = `fk_${randomBytes(5).toString('hex')}`;
		await clusterQuery(`CREATE DATABASE ${name}`);
		const fresh = createPool(`${process.env.REDGRID_TEST_PG}/${name}`, 1);
		try {
			await migrate(fresh);
			const want = (await fresh.query<{ k: string }>(keys)).rows.map((r) => r.k);
			const have = (await db().query<{ k: string }>(keys)).rows.map((r) => r.k);
			expect(want.filter((k) => k.includes('FOREIGN KEY')).length).toBeGreaterThan(50);
			expect(want.filter((k) => k.includes('tickets_open_geom_idx')).length).toBe(1);
			expect(have).toEqual(want);
		} finally {
			await fresh.end();
			await clusterQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		}
	});

	it('sets every sequence past the loaded ids', async () => {
		for (const t of ['areas', 'people', 'buildings', 'tickets', 'ticket_events', 'patrols']) {
			const r = await one<{ max: number; last: number }>(
				`SELECT (SELECT max(id) FROM ${t}) AS max, (SELECT last_value FROM ${t}_id_seq) AS last`
			);
			expect(Number(r.last)).toBeGreaterThanOrEqual(Number(r.max));
		}
	});
});

describe('seedDemo refusals', () => {
	it('refuses a malformed boundary file and a loaded database, changing nothing', async () => {
		const before = await tableCounts();
		const dir = await mkdtemp(path.join(tmpdir(), 'demo-'));
		const broken = path.join(dir, 'districts.json');
		await writeFile(broken, '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": ');
		await expect(seedDemo(db(), { boundariesFile: broken, crs: 'gcj02' })).rejects.toThrow(
			/districts\.json is not valid JSON/
		);
		await expect(seedDemo(db(), {})).rejects.toThrow(/already has areas/);
		expect(await tableCounts()).toEqual(before);
	});
});
