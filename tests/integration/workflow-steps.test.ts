// The steps of 12345 practice on a real PostGIS (README "Tickets: the steps of 12345 practice"):
// 延期 asked by the holder and decided by a dispatcher, 挂起 / 恢复 with the SLA clock standing on the
// working-day calendar (worked out by hand across a weekend and holidays), 合并, 回访 and 退回 to the
// upstream platform. Each refusal names its field and writes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type SessionUser } from '../../src/lib/server/auth/roles';
import {
	act,
	createTicket,
	getTicket,
	listTickets,
	ticketHistory
} from '../../src/lib/server/tickets/service';
import { beijingDate } from '../../src/lib/server/tickets/sla';
import { CALLBACK_ATTEMPTS, type ActionInput } from '../../src/lib/tickets/workflow';
import { createWebhook } from '../../src/lib/server/outbox/webhooks';
import { listNotifications } from '../../src/lib/server/notifications/service';
import { companyPoint, companyTicket, demoUser, one } from './helpers';

const as = (user: SessionUser, id: number, input: ActionInput) => act(id, input, user, scopeOf(user));

/** Everything of a ticket that a refused step must leave as it was. */
const snapshot = async (id: number) =>
	one(
		`SELECT t.status, t.due_at, t.suspended_at, t.merged_into, t.assignee_id, t.holder_company_id,
		   (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id) AS events,
		   (SELECT count(*) FROM ticket_extensions x WHERE x.ticket_id = t.id) AS extensions,
		   (SELECT count(*) FROM ticket_callbacks c WHERE c.ticket_id = t.id) AS callbacks
		 FROM tickets t WHERE t.id = $1`,
		[id]
	);

describe('延期: an extension', () => {
	it('is asked by the holder with a reason, within the maximum; moves the deadline only when approved', async () => {
		const company = await demoUser('company');
		const dispatcher = await demoUser('dispatcher');
		const id = (await companyTicket({ accept: true })).id;
		// a deadline worked out by hand below: Wednesday 2027-03-03 24:00 Beijing
		await db().query(`UPDATE tickets SET due_at = '2027-03-03 24:00+08' WHERE id = $1`, [id]);
		const before = await snapshot(id);
		// no reason: 400 naming reason; past the category's maximum (10 working days): 422 naming days
		await expect(as(company, id, { action: 'extend', days: 3 })).rejects.toMatchObject({
			status: 400,
			field: 'reason'
		});
		await expect(as(company, id, { action: 'extend', days: 11, reason: '等待配件' })).rejects.toMatchObject({
			status: 422,
			field: 'days',
			params: { reason: 'extension_max', max: 10 }
		});
		// a dispatcher does not ask for the holder
		await expect(as(dispatcher, id, { action: 'extend', days: 2, reason: 'x' })).rejects.toMatchObject({
			status: 403
		});
		expect(await snapshot(id)).toEqual(before);

		const asked = await as(company, id, { action: 'extend', days: 2, reason: '等待配件到货' });
		expect(asked.extensionPending).toBe(true);
		expect(new Date(asked.dueAt).getTime()).toBe(new Date(before.due_at as string).getTime());
		await expect(as(company, id, { action: 'extend', days: 1, reason: '再等' })).rejects.toMatchObject({
			status: 409,
			params: { reason: 'extension_pending' }
		});
		// the holder may not decide its own request; a refusal needs a reason and keeps the deadline
		await expect(as(company, id, { action: 'approve_extension' })).rejects.toMatchObject({ status: 403 });
		await expect(as(dispatcher, id, { action: 'refuse_extension' })).rejects.toMatchObject({
			status: 400,
			field: 'reason'
		});
		const refused = await as(dispatcher, id, { action: 'refuse_extension', reason: '配件本地有货' });
		expect(refused.extensionPending).toBe(false);
		expect(new Date(refused.dueAt).getTime()).toBe(new Date(before.due_at as string).getTime());
		await expect(as(dispatcher, id, { action: 'approve_extension' })).rejects.toMatchObject({
			status: 409,
			params: { reason: 'no_extension' }
		});

		await as(company, id, { action: 'extend', days: 2, reason: '厂家停产，需换型号' });
		const approved = await as(dispatcher, id, { action: 'approve_extension' });
		// two working days (48 working hours) after Wednesday 24:00: Thursday and Friday, so Friday
		// 2027-03-05 24:00 Beijing = 16:00Z (no calendar exception in March 2027)
		expect(new Date(approved.dueAt).toISOString()).toBe('2027-03-05T16:00:00.000Z');
		const kinds = (await ticketHistory(id, scopeOf(dispatcher))).map((e) => e.kind);
		expect(kinds.filter((k) => k.startsWith('extension_'))).toEqual([
			'extension_requested',
			'extension_refused',
			'extension_requested',
			'extension_approved'
		]);
	});
});

describe('every running deadline moves: sign-for too, while the ticket is not signed for yet', () => {
	it('an approved extension moves the sign-for deadline of a ticket not yet signed for, not of one signed for', async () => {
		const company = await demoUser('company');
		const dispatcher = await demoUser('dispatcher');
		const waiting = (await companyTicket()).id;
		const signed = (await companyTicket({ accept: true })).id;
		// Wednesday 2027-03-03: sign for by 10:00, resolve by 24:00 Beijing (no calendar exception in March 2027)
		await db().query(
			`UPDATE tickets SET accept_due_at = '2027-03-03 10:00+08', due_at = '2027-03-03 24:00+08' WHERE id = ANY($1)`,
			[[waiting, signed]]
		);
		for (const id of [waiting, signed]) {
			await as(company, id, { action: 'extend', days: 2, reason: '等待配件到货' });
			await as(dispatcher, id, { action: 'approve_extension' });
		}
		// two working days (48 working hours) later: Friday 2027-03-05 10:00 and 24:00 Beijing
		const w = await getTicket(waiting, scopeOf(dispatcher));
		expect(new Date(w.acceptDueAt).toISOString()).toBe('2027-03-05T02:00:00.000Z');
		expect(new Date(w.dueAt).toISOString()).toBe('2027-03-05T16:00:00.000Z');
		// signed for already: its sign-for stage ended, its deadline stays
		const s = await getTicket(signed, scopeOf(dispatcher));
		expect(new Date(s.acceptDueAt).toISOString()).toBe('2027-03-03T02:00:00.000Z');
		expect(new Date(s.dueAt).toISOString()).toBe('2027-03-05T16:00:00.000Z');
		expect((await ticketHistory(waiting, scopeOf(dispatcher))).at(-1).note).toContain(
			'sign for by 2027-03-05T02:00:00.000Z'
		);
	});
});

describe('挂起 / 恢复: the SLA clock stands while suspended', () => {
	const holidays: string[] = [];
	afterAll(async () => {
		await db().query('DELETE FROM working_calendar WHERE day = ANY($1::date[])', [holidays]);
	});

	it('refuses to resume a ticket that is not suspended, and to work one that is (409 naming action)', async () => {
		const company = await demoUser('company');
		const id = (await companyTicket({ accept: true })).id;
		const before = await snapshot(id);
		await expect(as(company, id, { action: 'resume' })).rejects.toMatchObject({
			status: 409,
			field: 'action',
			params: { reason: 'not_suspended' }
		});
		expect(await snapshot(id)).toEqual(before);
		await expect(as(company, id, { action: 'suspend' })).rejects.toMatchObject({
			status: 400,
			field: 'reason'
		});
		const suspended = await as(company, id, { action: 'suspend', reason: '等待业主在家' });
		expect(suspended.suspendedAt).not.toBeNull();
		await expect(as(company, id, { action: 'resolve', note: 'x' })).rejects.toMatchObject({
			status: 409,
			params: { reason: 'suspended' }
		});
		// past its deadline but suspended: not overdue (its clock stands)
		await db().query(
			`UPDATE tickets SET created_at = now() - interval '3 hours', accept_due_at = now() - interval '2 hours',
			   due_at = now() - interval '1 hour' WHERE id = $1`,
			[id]
		);
		expect((await getTicket(id, scopeOf(company))).overdue).toBe(false);
		const listed = await listTickets({ limit: 500, queue: 'suspended' }, scopeOf(company));
		expect(listed.map((t) => Number(t.id))).toContain(id);
	});

	it('moves the deadline by the working time it stood: across a weekend and holidays, worked out by hand', async () => {
		// Suspended Thursday 2026-11-26 16:00 Beijing. The calendar makes every day from Friday 11-27
		// up to two days after today a holiday (weekends among them), so the clock stood Thursday
		// 16:00–24:00 only: 8 working hours, whenever this runs. The deadline, Wednesday 2027-03-03
		// 24:00, moves by 8 working hours to Thursday 2027-03-04 08:00 Beijing (00:00Z). The ticket is
		// not signed for yet, so its sign-for deadline, Wednesday 10:00, moves by the same 8 working
		// hours to Wednesday 18:00 Beijing (10:00Z); a signed-for ticket suspended alike keeps its own.
		const company = await demoUser('company');
		const id = (await companyTicket()).id;
		const signed = (await companyTicket({ accept: true })).id;
		const next = (d: string) =>
			new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
		const until = next(next(beijingDate(new Date())));
		for (let d = '2026-11-27'; d <= until; d = next(d)) holidays.push(d);
		await db().query(
			`INSERT INTO working_calendar (day, is_working, note) SELECT d, false, 'test' FROM unnest($1::date[]) d
			 ON CONFLICT (day) DO UPDATE SET is_working = false`,
			[holidays]
		);
		for (const t of [id, signed]) {
			await as(company, t, { action: 'suspend', reason: '等待第三方供水公司停水' });
			await db().query(
				`UPDATE tickets SET suspended_at = '2026-11-26 16:00+08', accept_due_at = '2027-03-03 10:00+08',
				   due_at = '2027-03-03 24:00+08' WHERE id = $1`,
				[t]
			);
		}
		const resumed = await as(company, id, { action: 'resume' });
		expect(resumed.suspendedAt).toBeNull();
		expect(new Date(resumed.dueAt).toISOString()).toBe('2027-03-04T00:00:00.000Z');
		expect(new Date(resumed.acceptDueAt).toISOString()).toBe('2027-03-03T10:00:00.000Z');
		const other = await as(company, signed, { action: 'resume' });
		expect(new Date(other.dueAt).toISOString()).toBe('2027-03-04T00:00:00.000Z');
		expect(new Date(other.acceptDueAt).toISOString()).toBe('2027-03-03T02:00:00.000Z');
		const last = (await ticketHistory(id, scopeOf(company))).at(-1);
		expect(last).toMatchObject({ kind: 'resumed' });
		expect(last.note).toContain('8 working hours');
	});
});

describe('合并: a duplicate into its master', () => {
	it('refuses itself (400) and a closed master (409), naming masterId, writing nothing', async () => {
		const dispatcher = await demoUser('dispatcher');
		const dup = (await companyTicket({ accept: true })).id;
		const before = await snapshot(dup);
		await expect(as(dispatcher, dup, { action: 'merge', masterId: dup })).rejects.toMatchObject({
			status: 400,
			field: 'masterId',
			params: { reason: 'merge_self' }
		});
		const closed = await one<{ id: string }>(
			`SELECT id FROM tickets WHERE status = 'closed' ORDER BY id LIMIT 1`
		);
		await expect(as(dispatcher, dup, { action: 'merge', masterId: Number(closed.id) })).rejects.toMatchObject(
			{
				status: 409,
				field: 'masterId',
				params: { reason: 'merge_closed' }
			}
		);
		await expect(as(dispatcher, dup, { action: 'merge', masterId: 2_000_000_000 })).rejects.toMatchObject({
			status: 404,
			field: 'masterId'
		});
		expect(await snapshot(dup)).toEqual(before);
	});

	it("closes the duplicate into the master; the master's closing closes each duplicate and tells the reporters of both", async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const worker = await demoUser('gridworker');
		const official = await demoUser('official');
		const admin = await demoUser('admin');
		// the master reported in the app by a grid worker, a duplicate by an official, another pushed by
		// an upstream 12345 platform (filed by its operator account: no in-app reporter)
		const master = (await companyTicket({ accept: true, filer: { user: worker, source: 'ui' } })).id;
		const dup = (await companyTicket({ accept: true, filer: { user: official, source: 'ui' } })).id;
		const p = await companyPoint();
		const pushed = await createTicket(
			{ category: 'water', description: '小区水管爆裂（上级转办）', lon: p.lon, lat: p.lat },
			dispatcher,
			'hotline',
			{ external: { source: 'city12345', id: `merge-${master}`, fingerprint: 'f' } }
		);
		const upstreamDup = Number(pushed.ticket.id);
		const self = { origins: ['http://localhost:3000'], port: 3000 };
		const hook = await createWebhook({ url: 'http://127.0.0.1:9/all', label: '全部事件' }, admin.id, self);
		const upstream = await createWebhook(
			{ url: 'http://127.0.0.1:9/up', label: '12345', source: 'city12345' },
			admin.id,
			self
		);
		const merged = await as(dispatcher, dup, { action: 'merge', masterId: master });
		expect(merged).toMatchObject({ status: 'rejected', mergedInto: master });
		await as(dispatcher, upstreamDup, { action: 'merge', masterId: master });
		await as(company, master, { action: 'resolve', note: '已修复' });
		const closed = await as(dispatcher, master, { action: 'close', satisfaction: 5 });
		for (const d of [dup, upstreamDup]) {
			const history = await ticketHistory(d, scopeOf(dispatcher));
			expect(history.map((e) => e.kind)).toContain('merged');
			expect(history.at(-1)).toMatchObject({ kind: 'master_closed', note: `master ${closed.code} closed` });
		}
		// one outbox ticket event per merged ticket; the platform's webhook only for the one it pushed
		const sent = async (webhookId: number) =>
			(
				await db().query(
					`SELECT (payload->>'ticketId')::int AS id, payload->>'status' AS status, payload->>'externalId' AS ext
					 FROM outbox WHERE webhook_id = $1 AND payload->>'kind' = 'master_closed' ORDER BY 1`,
					[webhookId]
				)
			).rows;
		expect(await sent(hook.id)).toEqual(
			[dup, upstreamDup]
				.sort((a, b) => a - b)
				.map((id) => ({
					id,
					status: 'rejected',
					ext: id === upstreamDup ? `merge-${master}` : null
				}))
		);
		expect(await sent(upstream.id)).toEqual([
			{ id: upstreamDup, status: 'rejected', ext: `merge-${master}` }
		]);
		// in-app: each reporter who is a user hears of their own ticket; the closer is not told
		const told = async (userId: number) =>
			(await listNotifications(userId, { limit: 100 })).items
				.filter((n) => n.kind === 'report_closed')
				.map((n) => ({ ticketId: n.ticketId, payload: n.payload }));
		expect(await told(worker.id)).toEqual([
			{ ticketId: master, payload: { code: closed.code, masterCode: closed.code } }
		]);
		const dupCode = (await getTicket(dup, scopeOf(dispatcher))).code;
		expect(await told(official.id)).toEqual([
			{ ticketId: dup, payload: { code: dupCode, masterCode: closed.code } }
		]);
		expect(await told(dispatcher.id)).toEqual([]);
	});
});

describe('回访: the callback queue', () => {
	it('refuses a callback on an open ticket; queues a closed one; not satisfied reopens it to its holder', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const id = (await companyTicket({ accept: true })).id;
		const before = await snapshot(id);
		await expect(
			as(dispatcher, id, { action: 'callback', reached: true, satisfied: true })
		).rejects.toMatchObject({ status: 409, field: 'action', params: { reason: 'wrong_status' } });
		expect(await snapshot(id)).toEqual(before);
		await as(company, id, { action: 'resolve', note: '已更换水管' });
		const closed = await as(dispatcher, id, { action: 'close', satisfaction: 4 });
		expect(closed.callbackWaiting).toBe(true);
		const queue = await listTickets({ limit: 500, queue: 'callback' }, scopeOf(dispatcher));
		expect(queue.map((t) => Number(t.id))).toContain(id);
		// reached needs satisfied; a company may not call back
		await expect(as(dispatcher, id, { action: 'callback', reached: true })).rejects.toMatchObject({
			status: 400,
			field: 'satisfied'
		});
		await expect(as(company, id, { action: 'callback', reached: false })).rejects.toMatchObject({
			status: 403
		});
		const reopened = await as(dispatcher, id, { action: 'callback', reached: true, satisfied: false });
		expect(reopened).toMatchObject({
			status: 'assigned',
			holderCompanyId: company.companyId,
			callbackWaiting: false,
			closedAt: null
		});
		const row = await one('SELECT reached, satisfied, done_by FROM ticket_callbacks WHERE ticket_id = $1', [
			id
		]);
		expect(row).toEqual({ reached: true, satisfied: false, done_by: dispatcher.id });
		// the company signs for it again
		expect((await as(company, id, { action: 'accept' })).status).toBe('accepted');
	});
});

describe('回访: not reached', () => {
	it(`keeps the ticket in the callback queue for a retry, and after ${CALLBACK_ATTEMPTS} misses takes it out marked unreachable`, async () => {
		expect(CALLBACK_ATTEMPTS).toBe(3);
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const id = (await companyTicket({ accept: true })).id;
		await as(company, id, { action: 'resolve', note: '已更换阀门' });
		await as(dispatcher, id, { action: 'close', satisfaction: 5 });
		const queued = async () =>
			(await listTickets({ limit: 500, queue: 'callback' }, scopeOf(dispatcher))).map((t) => Number(t.id));
		for (const n of [1, 2]) {
			const missed = await as(dispatcher, id, { action: 'callback', reached: false });
			expect(missed).toMatchObject({ status: 'closed', callbackWaiting: true, callbackAttempts: n });
			expect(await queued()).toContain(id);
		}
		const last = await as(dispatcher, id, { action: 'callback', reached: false, note: '空号' });
		expect(last).toMatchObject({ status: 'closed', callbackWaiting: false, callbackAttempts: 0 });
		expect(await queued()).not.toContain(id);
		// one queue entry, done, not reached after 3 attempts: unreachable
		const { rows } = await db().query(
			'SELECT attempts, reached, satisfied, done_by, done_at IS NOT NULL AS done, note FROM ticket_callbacks WHERE ticket_id = $1',
			[id]
		);
		expect(rows).toEqual([
			{ attempts: 3, reached: false, satisfied: null, done_by: dispatcher.id, done: true, note: '空号' }
		]);
		const notes = (await ticketHistory(id, scopeOf(dispatcher)))
			.filter((e) => e.kind === 'callback')
			.map((e) => e.note);
		expect(notes).toEqual([
			'not reached (attempt 1 of 3): stays in the callback queue',
			'not reached (attempt 2 of 3): stays in the callback queue',
			'not reached (attempt 3 of 3): unreachable, leaves the callback queue — 空号'
		]);
	});

	it('counts a miss then a reach on the same entry: reached after one miss is done, satisfied', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const id = (await companyTicket({ accept: true })).id;
		await as(company, id, { action: 'resolve', note: '已疏通' });
		await as(dispatcher, id, { action: 'close', satisfaction: 4 });
		await as(dispatcher, id, { action: 'callback', reached: false });
		const done = await as(dispatcher, id, { action: 'callback', reached: true, satisfied: true });
		expect(done).toMatchObject({ status: 'closed', callbackWaiting: false });
		const row = await one('SELECT attempts, reached, satisfied FROM ticket_callbacks WHERE ticket_id = $1', [
			id
		]);
		expect(row).toEqual({ attempts: 2, reached: true, satisfied: true });
	});
});

describe('退回 to the upstream platform', () => {
	it('rejects a ticket that is not the city’s (dispatcher), needs a reason, and not once it is signed for', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const id = (await companyTicket({ accept: true })).id; // accepted
		await expect(
			as(dispatcher, id, { action: 'return_upstream', reason: '属省管企业' })
		).rejects.toMatchObject({ status: 409, field: 'action' });
		const admin = await demoUser('admin');
		const p = await one<{ lon: number; lat: number }>(
			`SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat FROM buildings b, ST_PointOnSurface(b.geom) pt
			 WHERE b.retired_at IS NULL ORDER BY b.code DESC LIMIT 1`
		);
		const { ticket } = await createTicket(
			{ category: 'other', description: '高速公路噪音', lon: p.lon, lat: p.lat },
			admin,
			'hotline'
		);
		await expect(as(dispatcher, ticket.id, { action: 'return_upstream' })).rejects.toMatchObject({
			status: 400,
			field: 'reason'
		});
		await expect(as(company, ticket.id, { action: 'return_upstream', reason: 'x' })).rejects.toMatchObject({
			status: 403
		});
		const back = await as(dispatcher, ticket.id, { action: 'return_upstream', reason: '属省交通部门管辖' });
		expect(back.status).toBe('rejected');
		expect((await ticketHistory(ticket.id, scopeOf(dispatcher))).at(-1)).toMatchObject({
			kind: 'returned_upstream',
			note: '属省交通部门管辖'
		});
	});
});
