// Tickets as work orders on a real PostGIS: the place, one code, dispatch only to people who can
// act, the orphan check, acts on behalf, the chain and stage figures, request-bound idempotency
// keys, and the offline address lookup (hand-made strings and variants generated from the data).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { act, assigneeCandidates, createTicket, type NewTicket } from '../../src/lib/server/tickets/service';
import { fileTicket } from '../../src/lib/server/tickets/intake';
import { locate, placeAt } from '../../src/lib/server/tickets/locate';
import { orphanTickets } from '../../src/lib/server/tickets/orphans';
import { ticketChain } from '../../src/lib/server/tickets/chain';
import { waitingStages } from '../../src/lib/server/tickets/stages';
import { fileRequest } from '../../src/lib/server/open311/service';
import { mediaDir } from '../../src/lib/server/media/photos';
import { OPEN_STATUSES, STATUSES } from '../../src/lib/tickets/workflow';
import { mulberry32 } from '../../src/lib/random';
import { demoUser, one } from './helpers';

const report = (lon: number, lat: number, over: Partial<NewTicket> = {}): NewTicket => ({
	category: 'sanitation',
	description: '楼道垃圾未清运',
	lon,
	lat,
	...over
});

/** A building of a named compound, its point, cell, steward and street (looked up by name). */
async function buildingOf(compound: string, number: string) {
	return one<{
		id: number;
		lon: number;
		lat: number;
		compound_id: number;
		steward_id: number | null;
		street_id: number;
		district: string;
	}>(
		`SELECT b.id, ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat, c.id AS compound_id,
		   b.steward_id, cm.parent_id AS street_id, d.name AS district
		 FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN areas cm ON cm.id = c.community_id
		 JOIN areas d ON d.id = c.district_id
		 WHERE c.name = $1 AND b.number = $2 AND b.retired_at IS NULL`,
		[compound, number]
	);
}

/** A queued (new) ticket at a building whose grid cell has a worker. */
async function queuedTicket(category: NewTicket['category'] = 'noise') {
	const b = await one<{ lon: number; lat: number }>(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM buildings b, ST_PointOnSurface(b.geom) p, grid_cells g
		 WHERE g.worker_id IS NOT NULL AND ST_Covers(g.geom, p) AND b.steward_id IS NOT NULL
		 ORDER BY b.code LIMIT 1 OFFSET 7`
	);
	const admin = await demoUser('admin');
	const { ticket } = await createTicket(report(b.lon, b.lat, { category }), admin, 'api');
	// back to the dispatch queue, as a ticket with no worker would be
	await act(ticket.id, { action: 'return', reason: '重新派单' }, admin, scopeOf(admin));
	return ticket;
}

describe('the place and the code', () => {
	it('spells the open statuses once for SQL, agreeing with the workflow module', async () => {
		for (const s of STATUSES) {
			const { open } = await one<{ open: boolean }>('SELECT ticket_is_open($1) AS open', [s]);
			expect(open, s).toBe(OPEN_STATUSES.includes(s));
		}
	});

	it('gives a new ticket a GD code and its address: district, street, community, compound, building, the unit typed', async () => {
		const b = await buildingOf('城建花苑', '3栋');
		const admin = await demoUser('admin');
		const { ticket } = await createTicket(
			report(b.lon, b.lat, { addressDetail: '2单元301室' }),
			admin,
			'api'
		);
		expect(ticket.code).toMatch(new RegExp(`^GD\\d{8}${String(ticket.id).padStart(7, '0')}$`));
		expect(ticket.buildingId).toBe(b.id);
		expect(ticket.address!.startsWith(`${b.district} `)).toBe(true);
		expect(ticket.address).toContain('城建花苑3栋');
		expect(ticket.address!.endsWith('2单元301室')).toBe(true);
		// existing codes never change
		const seeded = await one<{ n: number }>(
			"SELECT count(*)::int AS n FROM tickets WHERE code !~ '^GD[0-9]{15}$'"
		);
		expect(seeded.n).toBe(0);
	});

	it('places a ticket outside every compound by the nearest named road, 15 m off it', async () => {
		// a point 15 m north of a named road's middle, in a community, in no compound, with no other
		// named road within 60 m of it
		const spot = await one<{ lon: number; lat: number; road: string; areas: string }>(
			`SELECT ST_X(p) AS lon, ST_Y(p) AS lat, r.name AS road, concat_ws(' ', d.name, s.name, cm.name) AS areas
			 FROM roads r
			 CROSS JOIN LATERAL (SELECT ST_Project(ST_LineInterpolatePoint(r.geom, 0.5)::geography, 15, 0)::geometry AS p) x
			 JOIN areas cm ON cm.level = 'community' AND cm.retired_at IS NULL AND ST_Covers(cm.geom, p)
			 JOIN areas s ON s.id = cm.parent_id JOIN areas d ON d.id = s.parent_id
			 WHERE r.name IS NOT NULL
			   AND NOT EXISTS (SELECT 1 FROM compounds c WHERE ST_Covers(c.geom, p))
			   AND NOT EXISTS (SELECT 1 FROM roads o WHERE o.name IS NOT NULL AND o.name <> r.name
			                   AND ST_DWithin(o.geom::geography, p::geography, 60))
			 ORDER BY r.id LIMIT 1`
		);
		const admin = await demoUser('admin');
		const { ticket } = await createTicket(
			report(spot.lon, spot.lat, { addressDetail: '路边第三根路灯' }),
			admin,
			'api'
		);
		expect(ticket.compoundId).toBeNull();
		expect(ticket.address).toBe(`${spot.areas} ${spot.road} 路边第三根路灯`);
		// the map picker names the same road; 10 m is too short a reach for it
		const place = await placeAt(spot.lon, spot.lat);
		expect(place.roadName).toBe(spot.road);
		expect(place.address).toBe(`${spot.areas} ${spot.road}`);
		const near = await one<{ name: string | null }>(
			'SELECT nearest_road_name(ST_SetSRID(ST_MakePoint($1, $2), 4326), 10) AS name',
			[spot.lon, spot.lat]
		);
		expect(near.name).toBeNull();
	});
});

describe('dispatch that cannot lose a ticket', () => {
	it('offers the cell worker first, then the steward, then workers of the street, and nobody else', async () => {
		const t = await queuedTicket();
		const admin = await demoUser('admin');
		const people = await assigneeCandidates(t.id, scopeOf(admin));
		const row = await one<{ worker: number; steward: number; street: number }>(
			`SELECT g.worker_id AS worker, b.steward_id AS steward, t.street_id AS street
			 FROM tickets t JOIN grid_cells g ON g.id = t.grid_cell_id JOIN buildings b ON b.id = t.building_id WHERE t.id = $1`,
			[t.id]
		);
		expect(people[0]).toMatchObject({ id: row.worker, reason: 'cell_worker' });
		expect(people[1]).toMatchObject({ id: row.steward, reason: 'building_steward' });
		const streetWorkers = (
			await db().query(
				`SELECT DISTINCT g.worker_id AS id FROM grid_cells g JOIN areas c ON c.id = g.community_id
				 WHERE c.parent_id = $1 AND g.worker_id IS NOT NULL AND g.retired_at IS NULL AND g.worker_id <> $2`,
				[row.street, row.worker]
			)
		).rows.map((r) => r.id);
		expect(
			people
				.slice(2)
				.map((p) => p.id)
				.sort()
		).toEqual([...streetWorkers].sort());
		expect(people.slice(2).every((p) => p.reason === 'street_worker')).toBe(true);
	});

	it('refuses an assignee of another district (422 naming assigneeId) and an unknown person, writing nothing', async () => {
		const t = await queuedTicket();
		const admin = await demoUser('admin');
		const outsider = await one<{ id: number }>(
			`SELECT g.worker_id AS id FROM grid_cells g WHERE g.worker_id IS NOT NULL
			 AND g.district_id <> (SELECT district_id FROM tickets WHERE id = $1) LIMIT 1`,
			[t.id]
		);
		const events = async () =>
			(await one<{ n: number }>('SELECT count(*)::int AS n FROM ticket_events WHERE ticket_id = $1', [t.id]))
				.n;
		const before = await events();
		await expect(
			act(t.id, { action: 'dispatch', assigneeId: outsider.id }, admin, scopeOf(admin))
		).rejects.toMatchObject({ status: 422, field: 'assigneeId' });
		await expect(
			act(t.id, { action: 'dispatch', assigneeId: 99_999_999 }, admin, scopeOf(admin))
		).rejects.toMatchObject({ status: 422, field: 'assigneeId' });
		expect(await events()).toBe(before);
		expect((await one('SELECT status, assignee_id FROM tickets WHERE id = $1', [t.id])).status).toBe('new');
		// the offered worker is accepted
		const [first] = await assigneeCandidates(t.id, scopeOf(admin));
		const done = await act(t.id, { action: 'dispatch', assigneeId: first.id }, admin, scopeOf(admin));
		expect(done).toMatchObject({ status: 'assigned', assigneeId: first.id });
	});

	it('refuses a stale action: the ticket moved meanwhile (409 naming fromStatus)', async () => {
		const t = await queuedTicket();
		const admin = await demoUser('admin');
		await expect(
			act(t.id, { action: 'reject', reason: '重复', fromStatus: 'assigned' }, admin, scopeOf(admin))
		).rejects.toMatchObject({ status: 409, field: 'fromStatus' });
	});

	it('finds an orphan the test makes: a ticket assigned in SQL to a worker who cannot act on it', async () => {
		const t = await queuedTicket();
		const outsider = await one<{ id: number }>(
			`SELECT g.worker_id AS id FROM grid_cells g WHERE g.worker_id IS NOT NULL
			 AND g.district_id <> (SELECT district_id FROM tickets WHERE id = $1) LIMIT 1`,
			[t.id]
		);
		expect((await orphanTickets(100_000)).some((o) => o.id === t.id)).toBe(false);
		await db().query(`UPDATE tickets SET status = 'assigned', assignee_id = $2 WHERE id = $1`, [
			t.id,
			outsider.id
		]);
		const orphan = (await orphanTickets(100_000)).find((o) => o.id === t.id);
		expect(orphan).toMatchObject({ assigneeId: outsider.id, status: 'assigned' });
	});
});

describe('who acts', () => {
	it("records an official's sign-for of a worker's ticket on behalf of the worker, and the worker's own without", async () => {
		const gw = await demoUser('gridworker');
		const cell = await one<{ lon: number; lat: number }>(
			'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM grid_cells WHERE worker_id = $1 ORDER BY code LIMIT 1',
			[gw.personId]
		);
		const official = await demoUser('official');
		const admin = await demoUser('admin');
		const a = (await createTicket(report(cell.lon, cell.lat, { category: 'water' }), admin, 'api')).ticket;
		await act(a.id, { action: 'accept' }, official, scopeOf(official));
		const b = (await createTicket(report(cell.lon, cell.lat, { category: 'greenery' }), admin, 'api')).ticket;
		await act(b.id, { action: 'accept' }, gw, scopeOf(gw));
		const ev = async (id: number) =>
			one<{ on_behalf_of: number | null; actor_user_id: number; assignee_id: number }>(
				"SELECT on_behalf_of, actor_user_id, assignee_id FROM ticket_events WHERE ticket_id = $1 AND kind = 'accepted'",
				[id]
			);
		expect(await ev(a.id)).toMatchObject({ on_behalf_of: gw.personId, actor_user_id: official.id });
		expect(await ev(b.id)).toMatchObject({
			on_behalf_of: null,
			actor_user_id: gw.id,
			assignee_id: gw.personId
		});
		// the chain: names; phones for the official, not for a worker who is not the assignee
		const chain = await ticketChain(a.id, official, scopeOf(official));
		expect(chain.worker?.name).toBeTruthy();
		expect(chain.compound?.name).toBeTruthy();
		expect(chain.phones).toBe(true);
		expect(chain.stages[0]).toMatchObject({ stage: 'signFor', onBehalfOf: expect.any(String) });
		expect(chain.stages[0].seconds).toBeGreaterThanOrEqual(0);
		expect(chain.stages[1].endedAt).toBeNull();
		const steward = await demoUser('steward');
		await db().query('UPDATE tickets SET assignee_id = $2 WHERE id = $1', [b.id, gw.personId]);
		const seenByAssignee = await ticketChain(b.id, gw, scopeOf(gw));
		expect(seenByAssignee.phones).toBe(true);
		expect(seenByAssignee.worker?.phone).toMatch(/^[0-9+\- ]{5,20}$/);
		const { seesStaffPhones } = await import('../../src/lib/server/tickets/chain');
		expect(seesStaffPhones(steward, gw.personId)).toBe(false);
	});
});

describe('where tickets wait', () => {
	it('counts the tickets waiting in each stage per company, as the tickets table says', async () => {
		const admin = await demoUser('admin');
		const { rows } = await waitingStages({ by: 'company', days: 3660, limit: 500 }, scopeOf(admin));
		const top = rows.find((r) => r.id != null)!;
		const direct = await one<{ sign: number; resolve: number; close: number }>(
			`SELECT count(*) FILTER (WHERE status IN ('new', 'assigned'))::int AS sign,
			   count(*) FILTER (WHERE status IN ('accepted', 'in_progress'))::int AS resolve,
			   count(*) FILTER (WHERE status = 'resolved')::int AS close
			 FROM tickets WHERE company_id = $1 AND created_at > now() - interval '3660 days'`,
			[top.id]
		);
		expect(top.signFor.waiting).toBe(direct.sign);
		expect(top.resolve.waiting).toBe(direct.resolve);
		expect(top.close.waiting).toBe(direct.close);
		expect(top.signFor.p90H!).toBeGreaterThanOrEqual(top.signFor.medianH!);
		const { rows: byCell } = await waitingStages({ by: 'grid-cell', days: 3660, limit: 5 }, scopeOf(admin));
		expect(byCell.length).toBe(5);
	});

	it("per worker counts only the worker's own acts; acts on their behalf are counted apart", async () => {
		const admin = await demoUser('admin');
		const official = await demoUser('official');
		// a worker of their own, with two tickets in a community of their own (copies of a demo
		// ticket): one signed for (2 h) and resolved (3 h later) by the worker, one signed for (10 h)
		// and resolved (20 h later) by an official on the worker's behalf
		const worker = await one<{ id: number }>(
			`INSERT INTO people (name, kind) VALUES ('阶段测试网格员', 'grid_worker') RETURNING id`
		);
		const user = await one<{ id: number }>(
			`INSERT INTO users (username, display_name, password_hash, role, person_id)
			 VALUES ('stage.worker', '阶段测试网格员', 'x', 'grid_worker', $1) RETURNING id`,
			[worker.id]
		);
		const copy = async (resolvedAfterH: number): Promise<number> =>
			(
				await one<{ id: number }>(
					`INSERT INTO tickets (district_id, code, category, urgency, status, description, source, geom,
					   community_id, grid_cell_id, compound_id, building_id, company_id, assignee_id, created_at,
					   accept_due_at, due_at, resolved_at)
					 SELECT district_id, 'GD-STAGE-' || gen_random_uuid(), category, urgency, 'resolved', description, source,
					   geom, community_id, grid_cell_id, compound_id, building_id, company_id, $1,
					   now() - interval '2 days', now() + interval '1 day', now() + interval '3 days',
					   now() - interval '2 days' + make_interval(hours => $2)
					 FROM tickets WHERE community_id IS NOT NULL ORDER BY id LIMIT 1 RETURNING id`,
					[worker.id, resolvedAfterH]
				)
			).id;
		const own = await copy(5);
		const onBehalf = await copy(30);
		const event = (ticket: number, kind: string, hours: number, actor: number, behalf: number | null) =>
			one(
				`INSERT INTO ticket_events (ticket_id, district_id, kind, at, actor_user_id, on_behalf_of)
				 SELECT id, district_id, $2, created_at + make_interval(hours => $3), $4, $5 FROM tickets WHERE id = $1
				 RETURNING id`,
				[ticket, kind, hours, actor, behalf]
			);
		await event(own, 'accepted', 2, user.id, null);
		await event(own, 'resolved', 5, user.id, null);
		await event(onBehalf, 'accepted', 10, official.id, worker.id);
		await event(onBehalf, 'resolved', 30, official.id, worker.id);

		const { rows, asOf } = await waitingStages({ by: 'worker', days: 3660, limit: 500 }, scopeOf(admin));
		expect(asOf).toBeNull(); // people's own acts are counted for each request
		const mine = rows.find((r) => r.id === worker.id)!;
		expect(mine).toMatchObject({ name: '阶段测试网格员', tickets: 2, onBehalf: 2 });
		expect(mine.signFor).toEqual({ medianH: 2, p90H: 2, waiting: 0 });
		expect(mine.resolve).toEqual({ medianH: 3, p90H: 3, waiting: 0 });
		expect(mine.close).toEqual({ medianH: null, p90H: null, waiting: 2 });
		// the official's acts on behalf are nobody's own work: no row of theirs
		expect(rows.some((r) => r.id === official.personId && official.personId != null)).toBe(false);
		// names of people are not for a planner (aggregated figures only)
		await expect(
			waitingStages({ by: 'worker', days: 3660, limit: 5 }, scopeOf(await demoUser('planner')))
		).rejects.toMatchObject({ status: 403, field: 'by' });
	});
});

describe('Idempotency-Key bound to the request', () => {
	// a 1×1 PNG
	const png = Uint8Array.from(
		Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
			'base64'
		)
	);
	const post = (key: string, fields: Record<string, string>, photo = true) => {
		const form = new FormData();
		for (const [k, v] of Object.entries(fields)) form.set(k, v);
		if (photo) form.set('photo', new File([png], 'p.png', { type: 'image/png' }));
		return new Request('http://localhost/api/tickets', {
			method: 'POST',
			headers: { 'idempotency-key': key },
			body: form
		});
	};
	const photos = async () => (await readdir(path.join(mediaDir(), 'tickets')).catch(() => [])).length;

	it('replays a retry with a new multipart boundary without a second photo, and refuses another request with the key (422)', async () => {
		const b = await buildingOf('阳明花园', '12栋');
		const admin = await demoUser('admin');
		const fields = {
			category: 'parking',
			description: '车辆堵塞消防通道',
			lon: String(b.lon),
			lat: String(b.lat)
		};
		const before = (await one<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).n;
		const photosBefore = await photos();
		const first = await fileTicket(post('key-bound-1', fields), admin, 'ui');
		const retries = await Promise.all(
			Array.from({ length: 5 }, () => fileTicket(post('key-bound-1', fields), admin, 'ui'))
		);
		for (const r of retries) expect(r).toMatchObject({ replayed: true, ticket: { id: first.ticket.id } });
		expect(await photos()).toBe(photosBefore + 1);
		await expect(
			fileTicket(
				post('key-bound-1', { ...fields, category: 'elevator', description: '电梯困人' }),
				admin,
				'ui'
			)
		).rejects.toMatchObject({ status: 422, field: 'Idempotency-Key', code: 'idempotency_mismatch' });
		// the same fields without the photo is another request too
		await expect(fileTicket(post('key-bound-1', fields, false), admin, 'ui')).rejects.toMatchObject({
			status: 422
		});
		expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM tickets')).n).toBe(before + 1);
		expect(await photos()).toBe(photosBefore + 1);
	});
});

describe('locating a report from its address', () => {
	/** [text, compound expected first (null: no place expected), building number or null] */
	const HAND: [string, string | null, string | null][] = [
		['城建花苑3栋', '城建花苑', '3栋'],
		['阳明花园 12栋2单元', '阳明花园', '12栋'],
		['吉州区阳明花园12号楼', '阳明花园', '12栋'],
		['阳明花园１２幢', '阳明花园', '12栋'],
		['阳明花园十二栋', '阳明花园', '12栋'],
		['城建花苑３号楼２单元３０１室', '城建花苑', '3栋'],
		['城建花苑 3#', '城建花苑', '3栋'],
		['城建花苑 3-2-301', '城建花苑', '3栋'],
		['吉安市吉州区 城建花苑 3栋', '城建花苑', '3栋'],
		['城建花园', '城建花园', null],
		['阳明花圆12栋', '阳明花园', '12栋'], // a typo
		['阳明花苑', '阳明花园', null], // a typo
		['万像苑', '万象苑', null], // a typo in a three-character name
		['康城小区', '康城小区', null],
		['井冈山大道1号', null, null],
		['北京市朝阳区', null, null]
	];

	it('answers each hand-made address right, the clear ones located', async () => {
		const wrong: string[] = [];
		for (const [text, compound, building] of HAND) {
			const r = await locate(text);
			if (compound === null) {
				if (r.status === 'located') wrong.push(`${text}: located ${r.candidates[0].compoundName}`);
				continue;
			}
			const top = r.candidates[0];
			if (!top || top.compoundName !== compound || (building && top.buildingNumber !== building))
				wrong.push(`${text}: ${r.status} ${top?.compoundName}${top?.buildingNumber ?? ''}`);
		}
		expect(wrong).toEqual([]);
		expect((await locate('城建花苑3栋')).status).toBe('located');
		expect((await locate('阳明花园 12栋2单元')).detail).toBe('2单元');
		// a homophone slip (名 for 明, as a pinyin input method makes it): 阳明花园, not 阳光花园
		const slip = await locate('阳名花园');
		expect(slip.status).toBe('located');
		expect(slip.candidates[0].compoundName).toBe('阳明花园');
		// a typo as close to 阳光花园 as to 阳明花园 that sounds like neither: ambiguous, both offered
		const typo = await locate('阳甲花园');
		expect(typo.status).toBe('ambiguous');
		expect(typo.candidates.map((c) => c.compoundName)).toEqual(
			expect.arrayContaining(['阳光花园', '阳明花园'])
		);
		// the name spelt exactly beside its homophone (城建花苑 / 城建花园): located, the one spelt
		expect((await locate('城建花园')).candidates).toMatchObject([{ compoundName: '城建花园' }]);
		// 康城 alone names several compounds: ambiguous, never one
		const kang = await locate('康城');
		expect(kang.status).toBe('ambiguous');
		expect(kang.candidates.length).toBeGreaterThan(1);
	});

	it('refuses empty, blank and over-long text with a 400 naming the field', async () => {
		await expect(locate('', 'address_string')).rejects.toMatchObject({
			status: 400,
			field: 'address_string'
		});
		await expect(locate('   ', 'q')).rejects.toMatchObject({ status: 400, field: 'q' });
		await expect(locate('阳'.repeat(201), 'q')).rejects.toMatchObject({ status: 400, field: 'q' });
	});

	it('finds 200 variants made from the city data: first answer right ≥ 95 %, never a confident wrong one', async () => {
		const { rows } = await db().query<{
			compound: string;
			district: string;
			street: string;
			number: string;
		}>(
			`SELECT c.name AS compound, d.name AS district, s.name AS street, b.number
			 FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN areas cm ON cm.id = c.community_id
			 JOIN areas s ON s.id = cm.parent_id JOIN areas d ON d.id = c.district_id
			 WHERE b.retired_at IS NULL AND c.retired_at IS NULL AND b.number ~ '^[0-9]+栋$'
			 ORDER BY b.code`
		);
		const names = new Set((await db().query('SELECT name FROM compounds')).rows.map((r) => r.name));
		const rng = mulberry32(20261130);
		const pick = <T>(a: T[]) => a[Math.floor(rng() * a.length)];
		const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
		const typo = (name: string) => {
			const chars = Array.from(name);
			for (let tries = 0; tries < 10; tries++) {
				const i = 1 + Math.floor(rng() * (chars.length - 1));
				const t = [...chars];
				t[i] = pick(['甲', '乙', '丙', '秀', '锦', '润', '泽', '馨']);
				const s = t.join('');
				if (!names.has(s) && s !== name) return s;
			}
			return name;
		};
		let right = 0;
		const confidentWrong: string[] = [];
		const misses: string[] = [];
		for (let i = 0; i < 200; i++) {
			const r = pick(rows);
			const n = r.number.replace('栋', '');
			const word = pick(['栋', '号楼', '幢']);
			const kind = i % 5;
			const name = kind === 3 && Array.from(r.compound).length >= 4 ? typo(r.compound) : r.compound;
			const prefix = kind === 0 ? '' : kind === 1 ? r.district : kind === 2 ? `${r.district}${r.street}` : '';
			let text = `${prefix}${name}${n}${word}`;
			if (kind === 4 || rng() < 0.3) text = fullWidth(text);
			if (rng() < 0.3) text += `${1 + Math.floor(rng() * 4)}单元`;
			const found = await locate(text);
			const top = found.candidates[0];
			const ok = top && top.compoundName === r.compound && top.buildingNumber === r.number;
			if (ok) right++;
			else misses.push(`${text} → ${found.status} ${top?.compoundName}${top?.buildingNumber ?? ''}`);
			if (found.status === 'located' && !ok) confidentWrong.push(text);
		}
		expect(confidentWrong).toEqual([]);
		expect(right, misses.join('\n')).toBeGreaterThanOrEqual(190);
	});

	it('files an Open311 request with only an address_string in the right compound', async () => {
		const b = await buildingOf('城建花苑', '3栋');
		const admin = await demoUser('admin');
		const form = new FormData();
		form.set('service_code', 'water');
		form.set('description', '楼顶水箱漏水');
		form.set('address_string', '城建花苑3号楼2单元');
		const [receipt] = await fileRequest(form, admin);
		const t = await one<{ compound_id: number; building_id: number; address: string }>(
			'SELECT compound_id, building_id, address FROM tickets WHERE id = $1',
			[Number(receipt.service_request_id)]
		);
		expect(t).toMatchObject({ compound_id: b.compound_id, building_id: b.id });
		expect(t.address.endsWith('城建花苑3栋 2单元')).toBe(true);
		const several = new FormData();
		several.set('service_code', 'water');
		several.set('description', '漏水');
		several.set('address_string', '康城');
		await expect(fileRequest(several, admin)).rejects.toMatchObject({ status: 400 });
		await expect(fileRequest(several, admin)).rejects.toThrow(
			/^address_string: several places match: .*康城/
		);
	});
});
