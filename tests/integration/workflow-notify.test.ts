// Warnings before a deadline, the notification centre and the outbox, on a real PostGIS with a real
// HTTP receiver (README "warnings before a deadline", "Notifications and the outbox"): a warning
// fires once at 75 % and not again in a later run (the state is the database's); notifications go
// to the holder, the cell's worker and the supervisors; the webhook receiver sees every message
// exactly once per id across a restart of the sender (fresh modules and pool) and a receiver that fails twice first.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { act, getTicket } from '../../src/lib/server/tickets/service';
import { warnDueTickets } from '../../src/lib/server/tickets/warnings';
import { listNotifications, markRead } from '../../src/lib/server/notifications/service';
import { dashboard } from '../../src/lib/server/analysis/dashboard';
import { createWebhook, deadLetters, disableWebhook, replay } from '../../src/lib/server/outbox/webhooks';
import { deliverBatch, startOutbox } from '../../src/lib/server/outbox/deliver';
import { verifySignature } from '../../src/lib/server/outbox/sign';
import { companyTicket, demoUser, one } from './helpers';

const kindsOf = async (userId: number, ticketId: number) =>
	(await listNotifications(userId, { limit: 100 })).items
		.filter((n) => n.ticketId === ticketId)
		.map((n) => n.kind);

describe('warnings before a deadline', () => {
	it('warns once at 75 % of the time, tells the holder and the supervisor, and never again', async () => {
		const company = await demoUser('company');
		const { id } = await companyTicket();
		const early = (await companyTicket()).id;
		// 8 of 10 hours gone (80 %), and 5 of 10 (50 %)
		await db().query(
			`UPDATE tickets SET created_at = now() - interval '8 hours', accept_due_at = now(), due_at = now() + interval '2 hours'
			 WHERE id = $1`,
			[id]
		);
		await db().query(
			`UPDATE tickets SET created_at = now() - interval '5 hours', accept_due_at = now(), due_at = now() + interval '5 hours'
			 WHERE id = $1`,
			[early]
		);
		expect((await getTicket(id, scopeOf(company))).atRisk).toBe(true);
		expect((await getTicket(early, scopeOf(company))).atRisk).toBe(false);
		const first = (await warnDueTickets(5000)).map((w) => w.id);
		expect(first).toContain(id);
		expect(first).not.toContain(early);
		// a later run (another instance, or after a restart): the database says it was warned
		const again = (await warnDueTickets(5000)).map((w) => w.id);
		expect(again).not.toContain(id);
		const { n } = await one<{ n: string }>(
			`SELECT count(*) AS n FROM ticket_events WHERE ticket_id = $1 AND kind = 'warned'`,
			[id]
		);
		expect(Number(n)).toBe(1);
		expect(await kindsOf(company.id, id)).toEqual(['warning', 'assigned']);
		// the supervisor: the official of the most local area above the ticket
		const t = await one<{ district: string }>(
			`SELECT d.name AS district FROM tickets t JOIN areas d ON d.id = t.district_id WHERE t.id = $1`,
			[id]
		);
		const supervisor = await demoUser(t.district === '吉州区' ? 'jizhou' : 'official');
		expect(await kindsOf(supervisor.id, id)).toEqual(['warning']);
	});

	it('does not warn again after a restart: a fresh module state (new modules, new pool) finds it warned', async () => {
		const company = await demoUser('company');
		const { id } = await companyTicket();
		// 9 of 12 hours gone: exactly 75 %
		await db().query(
			`UPDATE tickets SET created_at = now() - interval '9 hours', accept_due_at = now(), due_at = now() + interval '3 hours'
			 WHERE id = $1`,
			[id]
		);
		const state = async () =>
			one<{ warned_at: Date; events: string; notes: string }>(
				`SELECT t.warned_at,
				   (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'warned') AS events,
				   (SELECT count(*) FROM notifications n WHERE n.ticket_id = t.id AND n.kind = 'warning') AS notes
				 FROM tickets t WHERE t.id = $1`,
				[id]
			);
		expect((await state()).warned_at).toBeNull();
		expect((await warnDueTickets(5000)).map((w) => w.id)).toContain(id);
		const first = await state();
		expect(first.warned_at).not.toBeNull();
		expect(Number(first.events)).toBe(1);
		expect(Number(first.notes)).toBeGreaterThan(0);
		// "restart": the job's modules and the database pool loaded afresh, nothing kept in memory
		vi.resetModules();
		const freshPool = await import('../../src/lib/server/db/pool');
		const fresh = await import('../../src/lib/server/tickets/warnings');
		expect(fresh.warnDueTickets).not.toBe(warnDueTickets);
		try {
			expect((await fresh.warnDueTickets(5000)).map((w) => w.id)).not.toContain(id);
			expect(freshPool.db()).not.toBe(db());
		} finally {
			await freshPool.closeDb();
		}
		// no second row anywhere: one warned event, the same notifications, the first warning's time
		expect(await state()).toEqual(first);
		expect((await kindsOf(company.id, id)).filter((k) => k === 'warning')).toEqual(['warning']);
	});

	it('lets a dispatcher supervise (督办) an at-risk ticket before its deadline, and counts it on the dashboard', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const { id } = await companyTicket();
		await expect(act(id, { action: 'supervise' }, dispatcher, scopeOf(dispatcher))).rejects.toMatchObject({
			status: 409,
			params: { reason: 'not_overdue' }
		});
		await db().query(
			`UPDATE tickets SET created_at = now() - interval '9 hours', accept_due_at = now(), due_at = now() + interval '1 hour'
			 WHERE id = $1`,
			[id]
		);
		const supervised = await act(id, { action: 'supervise' }, dispatcher, scopeOf(dispatcher));
		expect(supervised.supervisedAt).not.toBeNull();
		expect(await kindsOf(company.id, id)).toContain('supervised');
		const admin = await demoUser('admin');
		const city = await one<{ id: number }>(`SELECT id FROM areas WHERE level = 'city' ORDER BY id LIMIT 1`);
		const d = await dashboard({ area: city.id, days: 30 }, scopeOf(admin));
		const want = await one<{ n: string }>(
			`SELECT count(*) AS n FROM tickets t JOIN sla_rules s ON s.category = t.category
			 WHERE t.status IN ('new', 'assigned', 'accepted', 'in_progress') AND t.suspended_at IS NULL AND t.due_at >= now()
			   AND now() >= t.created_at + (t.due_at - t.created_at) * s.warn_share AND t.community_id IS NOT NULL`
		);
		expect(d.kpis.atRisk).toBe(Number(want.n));
		expect(d.kpis.atRisk).toBeGreaterThan(0);
	});
});

describe('the notification centre', () => {
	it("tells the new holder and keeps the cell's worker informed; each reads and marks only their own", async () => {
		const company = await demoUser('company');
		const worker = await demoUser('gridworker');
		const { id, routedTo } = await companyTicket();
		expect(await kindsOf(company.id, id)).toEqual(['assigned']);
		const cellWorker = await one<{ worker_id: number | null }>(
			`SELECT g.worker_id FROM tickets t JOIN grid_cells g ON g.id = t.grid_cell_id WHERE t.id = $1`,
			[id]
		);
		if (cellWorker.worker_id === worker.personId) {
			// routed to the worker at filing ('assigned' then), then informed when the company took it
			expect(await kindsOf(worker.id, id)).toEqual(
				routedTo === worker.personId ? ['informed', 'assigned'] : ['informed']
			);
		}
		const mine = await listNotifications(company.id, { limit: 100 });
		expect(mine.unread).toBeGreaterThan(0);
		const theirs = (await listNotifications(worker.id, { limit: 1 })).items[0];
		// marking someone else's notification changes nothing for them
		if (theirs) {
			await markRead(company.id, { ids: [theirs.id] });
			expect((await one('SELECT read_at FROM notifications WHERE id = $1', [theirs.id])).read_at).toBeNull();
		}
		const after = await markRead(company.id, {});
		expect(after.unread).toBe(0);
		expect((await listNotifications(company.id, { limit: 5 })).items.every((n) => n.readAt !== null)).toBe(
			true
		);
	});
});

describe('the outbox', () => {
	let server: Server;
	let url = '';
	/** per message id: attempts seen, and the 200 answers given */
	const seen = new Map<string, { attempts: number; ok: number; badSignature: boolean }>();
	let failFirst = 2;
	let secret = '';

	beforeAll(async () => {
		server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				const id = String(req.headers['x-redgrid-id']);
				const s = seen.get(id) ?? { attempts: 0, ok: 0, badSignature: false };
				s.attempts++;
				if (
					secret &&
					!verifySignature(
						secret,
						Number(req.headers['x-redgrid-timestamp']),
						body,
						String(req.headers['x-redgrid-signature'])
					)
				)
					s.badSignature = true;
				seen.set(id, s);
				if (JSON.parse(body).id !== id || s.attempts <= failFirst) {
					res.writeHead(503).end();
					return;
				}
				s.ok++;
				res.writeHead(200).end('ok');
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('refuses a URL that is not http(s) or is the app itself (422 naming url), writing nothing', async () => {
		const admin = await demoUser('admin');
		const self = { origins: ['http://127.0.0.1:3000'], port: 3000 };
		const before = (await one<{ n: string }>('SELECT count(*) AS n FROM webhooks')).n;
		await expect(
			createWebhook({ url: 'ftp://example.org/x', label: 'x' }, admin.id, self)
		).rejects.toMatchObject({ status: 422, field: 'url', params: { reason: 'url_scheme' } });
		await expect(
			createWebhook({ url: 'http://localhost:3000/api/tickets', label: 'x' }, admin.id, self)
		).rejects.toMatchObject({ status: 422, field: 'url', params: { reason: 'url_self' } });
		expect((await one<{ n: string }>('SELECT count(*) AS n FROM webhooks')).n).toBe(before);
	});

	it('delivers every message exactly once per id, signed, across a sender restart (fresh modules and pool) and a receiver failing twice', async () => {
		const admin = await demoUser('admin');
		const hook = await createWebhook({ url, label: '测试接收端' }, admin.id, {
			origins: ['http://127.0.0.1:1'],
			port: 1
		});
		secret = hook.secret;
		let stop = startOutbox();
		const { id } = await companyTicket();
		const expected = (
			await db().query<{ message_id: string }>(
				`SELECT message_id FROM outbox WHERE webhook_id = $1 ORDER BY id`,
				[hook.id]
			)
		).rows.map((r) => r.message_id);
		// the ticket's events (created, maybe assigned, then reassigned / assigned) and the notifications
		expect(expected).toContain(
			`ticket_event:${(await one<{ id: string }>('SELECT max(id) AS id FROM ticket_events WHERE ticket_id = $1', [id])).id}`
		);
		expect(expected.some((m) => m.startsWith('notification:'))).toBe(true);
		// let the first attempts fail, then restart the sender (as an app restart would)
		await new Promise((r) => setTimeout(r, 1500));
		await stop();
		const pending = await one<{ n: string }>(
			`SELECT count(*) AS n FROM outbox WHERE webhook_id = $1 AND delivered_at IS NULL`,
			[hook.id]
		);
		expect(Number(pending.n)).toBeGreaterThan(0);
		// the restarted sender is a fresh module state (new modules, new pool), as a new app process
		// would be: whatever it delivers it learns from the database alone
		vi.resetModules();
		const freshPool = await import('../../src/lib/server/db/pool');
		const fresh = await import('../../src/lib/server/outbox/deliver');
		expect(fresh.startOutbox).not.toBe(startOutbox);
		stop = fresh.startOutbox();
		try {
			const deadline = Date.now() + 20_000;
			while (Date.now() < deadline) {
				const { rows } = await db().query(
					`SELECT count(*) FILTER (WHERE delivered_at IS NULL)::int AS left FROM outbox WHERE webhook_id = $1`,
					[hook.id]
				);
				if (rows[0].left === 0) break;
				await new Promise((r) => setTimeout(r, 250));
			}
		} finally {
			await stop();
			await freshPool.closeDb();
		}
		for (const m of expected) {
			expect(seen.get(m), m).toMatchObject({ ok: 1, attempts: 3, badSignature: false });
		}
		const rows = (
			await db().query(`SELECT attempts, delivered_at FROM outbox WHERE webhook_id = $1`, [hook.id])
		).rows;
		expect(rows.every((r) => r.attempts === 3 && r.delivered_at !== null)).toBe(true);
		await disableWebhook(hook.id);
	}, 40_000);

	it('dead-letters a message after the last attempt, and an admin replays it with the same id', async () => {
		const admin = await demoUser('admin');
		failFirst = 1_000_000; // the receiver always fails now
		const hook = await createWebhook({ url, label: '总是失败', topics: ['ticket_event'] }, admin.id, {
			origins: [],
			port: 1
		});
		secret = hook.secret;
		await companyTicket();
		const ids = (
			await db().query<{ id: string; message_id: string }>(
				'SELECT id, message_id FROM outbox WHERE webhook_id = $1 ORDER BY id',
				[hook.id]
			)
		).rows;
		expect(ids.length).toBeGreaterThan(0);
		for (let attempt = 0; attempt < 2; attempt++) {
			await db().query('UPDATE outbox SET next_at = now() WHERE webhook_id = $1', [hook.id]);
			while ((await deliverBatch(500, 2)) > 0);
		}
		const dead = (await deadLetters(500)).filter((d) => d.webhookId === hook.id);
		expect(dead.map((d) => d.messageId).sort()).toEqual(ids.map((r) => r.message_id).sort());
		expect(dead[0]).toMatchObject({ attempts: 2, lastError: 'HTTP 503' });
		await expect(replay(Number(ids[0].id) + 10_000_000)).rejects.toMatchObject({ status: 404, field: 'id' });
		failFirst = 0;
		await replay(Number(ids[0].id));
		await expect(replay(Number(ids[0].id))).rejects.toMatchObject({ status: 409, field: 'id' });
		while ((await deliverBatch(500, 2)) > 0);
		const row = await one('SELECT attempts, delivered_at, dead_at FROM outbox WHERE id = $1', [ids[0].id]);
		expect(row).toMatchObject({ attempts: 1, dead_at: null });
		expect(row.delivered_at).not.toBeNull();
		expect(seen.get(ids[0].message_id)!.ok).toBe(1);
		await disableWebhook(hook.id);
	});
});
