// The field worker's zone on a real PostGIS: summary figures against SQL written here, the order
// of open tickets, scope refusals, the suggested route and patrol coverage per grid cell.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type SessionUser } from '../../src/lib/server/auth/roles';
import { myZone, suggestedRoute } from '../../src/lib/server/field/zone';
import { patrolCoverage } from '../../src/lib/server/field/patrols';
import { getTicket } from '../../src/lib/server/tickets/service';
import { nearestNeighbour, pathLength } from '../../src/lib/field/route';
import { toLocalMetres } from '../../src/lib/field/geo';
import { demoUser, one } from './helpers';

let worker: SessionUser;
let steward: SessionUser;
const OPEN = `('new', 'assigned', 'accepted', 'in_progress')`;

beforeAll(async () => {
	worker = await demoUser('gridworker');
	steward = await demoUser('steward');
});

describe('GET /api/me/zone (myZone)', () => {
	it("sums the grid worker's cells, buildings, households and open tickets as SQL does", async () => {
		const zone = await myZone(worker, scopeOf(worker), {});
		// buildings of a cell: those whose point-on-surface lies inside it
		const expected = await one<{ cells: number; buildings: number; households: number }>(
			`SELECT (SELECT count(*)::int FROM grid_cells WHERE worker_id = $1) AS cells,
			   count(b.id)::int AS buildings, coalesce(sum(b.households), 0)::int AS households
			 FROM buildings b WHERE EXISTS (SELECT 1 FROM grid_cells c WHERE c.worker_id = $1
			   AND ST_Contains(c.geom, ST_PointOnSurface(b.geom)))`,
			[worker.personId]
		);
		const tickets = await one<{ open: number; overdue: number }>(
			`SELECT count(*)::int AS open, count(*) FILTER (WHERE due_at < now())::int AS overdue FROM tickets
			 WHERE status IN ${OPEN} AND grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = $1)`,
			[worker.personId]
		);
		// the demo gridworker holds the cells of 城建花苑: those whose interior meets the compound's
		const chengjian = await one<{ cells: number }>(
			`SELECT count(*)::int AS cells FROM grid_cells c JOIN compounds k ON k.name = '城建花苑'
			 WHERE ST_Relate(c.geom, k.geom, 'T********')`
		);
		expect(chengjian.cells).toBeGreaterThan(0);
		expect(expected.cells).toBe(chengjian.cells);
		expect(expected.buildings).toBeGreaterThan(0);
		expect(tickets.open).toBeGreaterThan(0);
		expect(zone.summary).toMatchObject({
			cells: expected.cells,
			buildings: expected.buildings,
			households: expected.households,
			openTickets: tickets.open,
			overdueTickets: tickets.overdue
		});
		expect(zone.cells.reduce((n, c) => n + c.households, 0)).toBe(expected.households);
		expect(zone.tickets.map((t) => t.code)).not.toContain(undefined);
	});

	it('sorts open tickets overdue first, then due soonest, with distance from the position', async () => {
		const first = await one<{ lon: number; lat: number }>(
			`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM tickets WHERE status IN ${OPEN}
			   AND grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = $1) ORDER BY id LIMIT 1`,
			[worker.personId]
		);
		// stand 0.001° north of a ticket: ≈ 111 m from it
		const here = { lon: first.lon, lat: first.lat + 0.001 };
		const zone = await myZone(worker, scopeOf(worker), here);
		const t = zone.tickets;
		for (let i = 1; i < t.length; i++) {
			const [a, b] = [t[i - 1], t[i]];
			expect(Number(a.overdue)).toBeGreaterThanOrEqual(Number(b.overdue));
			if (a.overdue === b.overdue)
				expect(new Date(a.dueAt).getTime()).toBeLessThanOrEqual(new Date(b.dueAt).getTime());
		}
		const { rows } = await db().query(
			`SELECT id, round(ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography))::int AS d
			 FROM tickets WHERE id = ANY($3)`,
			[here.lon, here.lat, t.map((x) => x.id)]
		);
		for (const r of rows) expect(t.find((x) => x.id === r.id)!.distanceM).toBe(r.d);
		const near = t.find((x) => x.lon === first.lon && x.lat === first.lat)!;
		expect(Math.abs(near.distanceM! - 111)).toBeLessThanOrEqual(1);
	});

	it("refuses another zone's cell (403), a cell that does not exist (404), and roles without a zone", async () => {
		const other = await one<{ id: number }>(
			`SELECT id FROM grid_cells WHERE worker_id IS DISTINCT FROM $1 ORDER BY id LIMIT 1`,
			[worker.personId]
		);
		await expect(myZone(worker, scopeOf(worker), { cell: other.id })).rejects.toMatchObject({
			status: 403,
			field: 'cell'
		});
		await expect(myZone(worker, scopeOf(worker), { cell: 2_000_000_000 })).rejects.toMatchObject({
			status: 404
		});
		const admin = await demoUser('admin');
		await expect(myZone(admin, scopeOf(admin), {})).rejects.toMatchObject({ status: 403, field: 'role' });
		// one of their own cells narrows the zone to it
		const own = await one<{ id: number }>(
			'SELECT id FROM grid_cells WHERE worker_id = $1 ORDER BY id LIMIT 1',
			[worker.personId]
		);
		const narrowed = await myZone(worker, scopeOf(worker), { cell: own.id });
		expect(narrowed.cells.map((c) => c.id)).toEqual([own.id]);
		expect(narrowed.buildings.every((b) => b.cellId === own.id)).toBe(true);
	});

	it("never shows another zone's ticket: the ticket itself answers 403", async () => {
		const foreign = await one<{ id: number }>(
			`SELECT id FROM tickets WHERE grid_cell_id NOT IN (SELECT id FROM grid_cells WHERE worker_id = $1) LIMIT 1`,
			[worker.personId]
		);
		const zone = await myZone(worker, scopeOf(worker), {});
		expect(zone.tickets.map((t) => t.id)).not.toContain(foreign.id);
		await expect(getTicket(foreign.id, scopeOf(worker))).rejects.toMatchObject({ status: 403 });
	});

	it("gives a steward their own buildings and only those buildings' tickets", async () => {
		const zone = await myZone(steward, scopeOf(steward), {});
		const { rows } = await db().query('SELECT id FROM buildings WHERE steward_id = $1 ORDER BY id', [
			steward.personId
		]);
		expect(zone.buildings.map((b) => b.id).sort((a, b) => a - b)).toEqual(rows.map((r) => r.id));
		const open = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM tickets WHERE status IN ${OPEN}
			   AND building_id IN (SELECT id FROM buildings WHERE steward_id = $1)`,
			[steward.personId]
		);
		expect(zone.summary.openTickets).toBe(open.n);
	});
});

describe('suggested route', () => {
	it('visits every building with open tickets once, never longer than nearest neighbour', async () => {
		const r = await suggestedRoute(scopeOf(worker), {});
		const withTickets = await db().query(
			`SELECT DISTINCT building_id AS id FROM tickets WHERE status IN ${OPEN} AND building_id IS NOT NULL
			   AND grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = $1)`,
			[worker.personId]
		);
		const ids = r.stops.map((s) => s.buildingId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThanOrEqual(12);
		for (const { id } of withTickets.rows) expect(ids).toContain(id);
		// the ticket buildings lead the pick, the rest are the longest unvisited
		const xy = r.stops.map((s) => toLocalMetres(s, r.start!));
		const nn = pathLength({ x: 0, y: 0 }, xy, nearestNeighbour({ x: 0, y: 0 }, xy));
		expect(r.lengthM).toBeLessThanOrEqual(Math.round(nn));
		expect(r.lengthM).toBe(
			Math.round(
				pathLength(
					{ x: 0, y: 0 },
					xy,
					xy.map((_, i) => i)
				)
			)
		);
	});
});

describe('patrol coverage per grid cell', () => {
	it('counts buildings checked in within the last N days, as SQL does', async () => {
		const cov = await patrolCoverage(30, scopeOf(worker));
		expect(cov.map((c) => c.id).sort()).toEqual(
			(await db().query('SELECT id FROM grid_cells WHERE worker_id = $1', [worker.personId])).rows
				.map((r) => r.id)
				.sort()
		);
		for (const c of cov) {
			const e = await one<{ buildings: number; visited: number }>(
				`SELECT count(*)::int AS buildings,
				   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM patrol_checkins k WHERE k.building_id = b.id
				     AND k.at > now() - interval '30 days'))::int AS visited
				 FROM buildings b, grid_cells g WHERE g.id = $1 AND ST_Contains(g.geom, ST_PointOnSurface(b.geom))`,
				[c.id]
			);
			expect({ buildings: c.buildings, visited: c.visited }).toEqual(e);
			expect(c.ratio).toBeCloseTo(e.visited / e.buildings, 4);
		}
		expect(cov.some((c) => c.visited > 0)).toBe(true);
		// an official of the whole city sees every staffed and unstaffed cell
		const official = await demoUser('official');
		const all = await patrolCoverage(7, scopeOf(official));
		expect(all.length).toBe((await one<{ n: number }>('SELECT count(*)::int AS n FROM grid_cells')).n);
	});
});
