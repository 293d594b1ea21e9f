import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { act, createTicket, getTicket, type NewTicket } from '../../src/lib/server/tickets/service';
import { demoUser, one } from './helpers';

const ticket = (lon: number, lat: number, over: Partial<NewTicket> = {}): NewTicket => ({
	category: 'sanitation',
	description: '楼道垃圾未清运',
	lon,
	lat,
	reporterName: '王小明',
	reporterPhone: '13812345678',
	...over
});
const count = async () => (await one<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).n;

describe('routing by location', () => {
	it('routes a point inside a staffed grid cell to its worker, community and street', async () => {
		const cell = await one<{
			id: number;
			worker_id: number;
			community_id: number;
			street_id: number;
			lon: number;
			lat: number;
		}>(`
			SELECT g.id, g.worker_id, g.community_id, c.parent_id AS street_id, ST_X(p) AS lon, ST_Y(p) AS lat
			FROM grid_cells g JOIN areas c ON c.id = g.community_id, ST_PointOnSurface(g.geom) p
			WHERE g.worker_id IS NOT NULL ORDER BY g.code LIMIT 1`);
		const admin = await demoUser('admin');
		const { ticket: t, queued } = await createTicket(
			ticket(cell.lon, cell.lat, { category: 'noise' }),
			admin,
			'api'
		);
		expect(queued).toBe(false);
		expect(t).toMatchObject({
			status: 'assigned',
			gridCellId: cell.id,
			assigneeId: cell.worker_id,
			communityId: cell.community_id,
			streetId: cell.street_id
		});
		const events = await db().query(
			'SELECT kind, to_status FROM ticket_events WHERE ticket_id = $1 ORDER BY id',
			[t.id]
		);
		expect(events.rows).toEqual([
			{ kind: 'created', to_status: 'new' },
			{ kind: 'assigned', to_status: 'assigned' }
		]);
	});

	it('sends a point on the shared edge of two cells to the one with the smaller code', async () => {
		const edge = await one<{ a: string; b: string; lon: number; lat: number; both: boolean }>(`
			SELECT a.code AS a, b.code AS b, ST_X(p) AS lon, ST_Y(p) AS lat, ST_Covers(a.geom, p) AND ST_Covers(b.geom, p) AS both
			FROM grid_cells a JOIN grid_cells b ON a.code < b.code AND a.geom && b.geom AND ST_Relate(a.geom, b.geom, '****1****'),
			LATERAL (SELECT (ST_DumpPoints(ST_Intersection(a.geom, b.geom))).geom AS p LIMIT 1) v
			WHERE ST_Covers(a.geom, p) AND ST_Covers(b.geom, p) LIMIT 1`);
		expect(edge.both).toBe(true);
		const { ticket: t } = await createTicket(
			ticket(edge.lon, edge.lat, { category: 'greenery' }),
			await demoUser('admin'),
			'api'
		);
		expect(
			(await one<{ code: string }>('SELECT code FROM grid_cells WHERE id = $1', [t.gridCellId])).code
		).toBe(edge.a);
	});

	it('queues a point inside the city but outside every grid cell for dispatch', async () => {
		const p = await one<{ lon: number; lat: number }>(`
			SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM areas d,
			LATERAL ST_PointOnSurface(ST_Difference(d.geom, (SELECT ST_Union(geom) FROM grid_cells))) p
			WHERE d.level = 'district' AND NOT EXISTS (SELECT 1 FROM grid_cells g WHERE ST_Covers(g.geom, p)) LIMIT 1`);
		const { ticket: t, queued } = await createTicket(
			ticket(p.lon, p.lat, { category: 'parking' }),
			await demoUser('admin'),
			'api'
		);
		expect(queued).toBe(true);
		expect(t).toMatchObject({ status: 'new', gridCellId: null, assigneeId: null });
		expect(t.districtId).toEqual(expect.any(Number));
	});

	it('refuses a point outside the city and writes nothing', async () => {
		const before = await count();
		await expect(createTicket(ticket(121.47, 31.23), await demoUser('admin'), 'api')).rejects.toMatchObject({
			status: 422,
			field: 'location'
		});
		expect(await count()).toBe(before);
	});

	it('finds the nearest building within 30 m, and its company from the compound', async () => {
		const b = await one<{ id: number; company_id: number; lon: number; lat: number }>(`
			SELECT b.id, c.company_id, ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat
			FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE c.company_id IS NOT NULL ORDER BY b.code LIMIT 1`);
		const { ticket: t } = await createTicket(
			ticket(b.lon, b.lat, { category: 'elevator' }),
			await demoUser('admin'),
			'api'
		);
		expect(t.buildingId).toBe(b.id);
		expect(t.companyId).toBe(b.company_id);
	});
});

describe('SLA', () => {
	it('gives a water ticket 24 hours and 2 hours to sign for', async () => {
		const cell = await one<{ lon: number; lat: number }>(
			'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grid_cells ORDER BY code DESC LIMIT 1'
		);
		const { ticket: t } = await createTicket(
			ticket(cell.lon, cell.lat, { category: 'water' }),
			await demoUser('admin'),
			'api'
		);
		const created = new Date(t.createdAt as string).getTime();
		expect(new Date(t.dueAt as string).getTime() - created).toBe(24 * 3600_000);
		expect(new Date(t.acceptDueAt as string).getTime() - created).toBe(2 * 3600_000);
		expect(t.urgency).toBe('urgent');
	});
});

describe('duplicates and retries', () => {
	const spot = async (n: number) =>
		one<{ lon: number; lat: number }>(
			`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) p FROM compounds ORDER BY code OFFSET $1 LIMIT 1) s`,
			[n]
		);

	it('links a report of the same category within 50 m to the open one, but not a farther one', async () => {
		const p = await spot(3);
		const admin = await demoUser('admin');
		const first = await createTicket(ticket(p.lon, p.lat, { category: 'safety' }), admin, 'api');
		const near = await createTicket(ticket(p.lon + 0.0002, p.lat, { category: 'safety' }), admin, 'api'); // ≈ 20 m east
		const far = await createTicket(ticket(p.lon + 0.001, p.lat, { category: 'safety' }), admin, 'api'); // ≈ 100 m east
		const other = await createTicket(ticket(p.lon, p.lat, { category: 'noise' }), admin, 'api');
		expect(near.duplicateOf).toBe(first.ticket.id);
		expect(far.duplicateOf).toBeNull();
		expect(other.duplicateOf).not.toBe(first.ticket.id);
	});

	it('links one of two reports that arrive at the same moment to the other', async () => {
		const p = await spot(7);
		const admin = await demoUser('admin');
		const [a, b] = await Promise.all([
			createTicket(ticket(p.lon, p.lat, { category: 'facility_repair' }), admin, 'api'),
			createTicket(ticket(p.lon, p.lat, { category: 'facility_repair' }), admin, 'api')
		]);
		const links = [a.duplicateOf, b.duplicateOf];
		expect(links.filter((l) => l === null)).toHaveLength(1);
		expect(links).toContain(Math.min(a.ticket.id, b.ticket.id));
	});

	it('answers a retried request with the same Idempotency-Key with the first ticket', async () => {
		const p = await spot(11);
		const admin = await demoUser('admin');
		const before = await count();
		const first = await createTicket(ticket(p.lon, p.lat, { category: 'other' }), admin, 'api', {
			idempotencyKey: 'retry-1'
		});
		const again = await createTicket(ticket(p.lon, p.lat, { category: 'other' }), admin, 'api', {
			idempotencyKey: 'retry-1'
		});
		expect(again.ticket.id).toBe(first.ticket.id);
		expect(again.replayed).toBe(true);
		expect(await count()).toBe(before + 1);
	});
});

describe('workflow and scope', () => {
	it('lets the grid worker accept, start and resolve a ticket in their cell, each as one event', async () => {
		const gw = await demoUser('gridworker');
		const cell = await one<{ lon: number; lat: number }>(
			'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grid_cells WHERE worker_id = $1 LIMIT 1',
			[gw.personId]
		);
		const { ticket: t } = await createTicket(
			ticket(cell.lon, cell.lat, { category: 'dispute' }),
			await demoUser('admin'),
			'api'
		);
		expect(t.assigneeId).toBe(gw.personId);
		const scope = scopeOf(gw);
		await act(t.id, { action: 'accept' }, gw, scope);
		await act(t.id, { action: 'start' }, gw, scope);
		const resolved = await act(t.id, { action: 'resolve', note: '已调解' }, gw, scope);
		expect(resolved.status).toBe('resolved');
		expect(resolved.resolvedAt).not.toBeNull();
		await expect(act(t.id, { action: 'close', satisfaction: 5 }, gw, scope)).rejects.toMatchObject({
			status: 403
		});
		const kinds = (
			await db().query('SELECT kind FROM ticket_events WHERE ticket_id = $1 ORDER BY id', [t.id])
		).rows.map((r) => r.kind);
		expect(kinds).toEqual(['created', 'assigned', 'accepted', 'started', 'resolved']);
		const official = await demoUser('official');
		const closed = await act(t.id, { action: 'close', satisfaction: 5 }, official, scopeOf(official));
		expect(closed).toMatchObject({ status: 'closed', satisfaction: 5 });
	});

	it('refuses an illegal transition and changes nothing', async () => {
		const admin = await demoUser('admin');
		const t = await one<{ id: number; status: string }>(
			"SELECT id, status FROM tickets WHERE status = 'closed' LIMIT 1"
		);
		const events = (
			await one<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = $1', [t.id])
		).n;
		await expect(act(t.id, { action: 'accept' }, admin, scopeOf(admin))).rejects.toMatchObject({
			status: 409
		});
		expect((await one<{ status: string }>('SELECT status FROM tickets WHERE id = $1', [t.id])).status).toBe(
			'closed'
		);
		expect(
			(await one<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = $1', [t.id]))
				.n
		).toBe(events);
	});

	it("hides tickets outside a grid worker's cells (403) and masks personal data for out-of-scope creators", async () => {
		const gw = await demoUser('gridworker');
		const outside = await one<{ id: number }>(
			'SELECT t.id FROM tickets t WHERE t.grid_cell_id NOT IN (SELECT id FROM grid_cells WHERE worker_id = $1) LIMIT 1',
			[gw.personId]
		);
		await expect(getTicket(outside.id, scopeOf(gw))).rejects.toMatchObject({ status: 403 });
		const far = await one<{ lon: number; lat: number }>(
			'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grid_cells WHERE worker_id <> $1 LIMIT 1',
			[gw.personId]
		);
		const { ticket: t } = await createTicket(ticket(far.lon, far.lat, { category: 'greenery' }), gw, 'ui');
		expect(t.reporterPhone).toBe('138****5678');
		expect(t.reporterName).toBe('王**');
	});
});

describe('working-day calendar', () => {
	it('moves a 5-working-day deadline past the holidays an admin enters, and back when removed', async () => {
		const { setCalendarDay } = await import('../../src/lib/server/tickets/service');
		const cell = await one<{ lon: number; lat: number }>(
			'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grid_cells ORDER BY code LIMIT 1 OFFSET 5'
		);
		const admin = await demoUser('admin');
		const due = async (category: NewTicket['category']) => {
			const { ticket: t } = await createTicket(ticket(cell.lon, cell.lat, { category }), admin, 'api');
			return new Date(t.dueAt as string).getTime();
		};
		const before = await due('greenery');
		// the next 14 Beijing days all become holidays: 5 working days used to end within 7 days,
		// now they start after day 14 and take at least 5 more, so the deadline moves 12 days or more
		const today = new Date(Date.now() + 8 * 3600_000);
		for (let i = 1; i <= 14; i++) {
			const d = new Date(today.getTime() + i * 86400_000);
			await setCalendarDay(d.toISOString().slice(0, 10), false, 'test holiday');
		}
		const after = await due('parking');
		expect(after - before).toBeGreaterThanOrEqual(12 * 86400_000);
		for (let i = 1; i <= 14; i++) {
			const d = new Date(today.getTime() + i * 86400_000);
			await setCalendarDay(d.toISOString().slice(0, 10), null, '');
		}
		expect(await due('sanitation')).toBe(before);
	});
});
