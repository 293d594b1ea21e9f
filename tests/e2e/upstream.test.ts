// The test plays an upstream 12345 platform against the running app (README "Upstream sync"): it
// registers its webhook, pushes a ticket with its own id over the JSON API with a dispatcher's API
// key (twice: idempotent; then the same id with other fields: 409), watches the city work it, and
// receives the status changes back, signed, each message once, carrying its own id.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/lib/server/outbox/sign';
import { baseUrl, sessionCookie, e2eDatabaseUrl } from '../setup/browser';

interface Received {
	id: string;
	topic: string;
	data: { externalId: string | null; externalSource: string | null; kind: string; to: string | null };
	signed: boolean;
}

let server: Server;
let receiver = '';
let secret = '';
const received: Received[] = [];
let admin = '';
let dispatcher = '';
let sql: pg.Client;

const api = (path: string, init: RequestInit & { cookie?: string; key?: string } = {}) =>
	fetch(`${baseUrl()}${path}`, {
		...init,
		headers: {
			'content-type': 'application/json',
			origin: baseUrl(),
			...(init.cookie ? { cookie: init.cookie } : {}),
			...(init.key ? { 'x-api-key': init.key } : {})
		}
	});

beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const parsed = JSON.parse(body);
			received.push({
				...parsed,
				signed: verifySignature(
					secret,
					Number(req.headers['x-redgrid-timestamp']),
					body,
					String(req.headers['x-redgrid-signature'])
				)
			});
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}/12345/status`;
	[admin, dispatcher] = await Promise.all([sessionCookie('admin'), sessionCookie('dispatcher')]);
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
});
afterAll(async () => {
	await sql?.end();
	await new Promise<void>((r) => server.close(() => r()));
});

describe('an upstream 12345 platform', () => {
	it('pushes a ticket idempotently and hears its status changes back by its webhook', async () => {
		// the city's admin registers the platform's webhook (its own tickets only) and gives it a key
		const hookRes = await api('/api/admin/webhooks', {
			method: 'POST',
			cookie: admin,
			body: JSON.stringify({ url: receiver, label: '省12345平台', source: 'jx12345' })
		});
		expect(hookRes.status).toBe(201);
		const hook = await hookRes.json();
		secret = hook.secret;
		const userId = (await sql.query(`SELECT id FROM users WHERE username = 'dispatcher'`)).rows[0].id;
		const keyRes = await api('/api/admin/api-keys', {
			method: 'POST',
			cookie: admin,
			body: JSON.stringify({ userId, label: '省12345平台推送' })
		});
		expect(keyRes.status).toBe(201);
		const { key } = await keyRes.json();

		const externalId = `JX-${Date.now()}`;
		const push = {
			source: 'jx12345',
			externalId,
			category: 'sanitation',
			description: '小区门口垃圾堆放三天无人清运',
			address: '城建花苑3栋',
			reporterPhone: '13800001234'
		};
		const first = await api('/api/upstream/tickets', { method: 'POST', key, body: JSON.stringify(push) });
		expect(first.status).toBe(201);
		const filed = (await first.json()).ticket;
		expect(filed).toMatchObject({ externalSource: 'jx12345', externalId, source: 'hotline' });
		expect(filed.address).toContain('城建花苑');
		// the same push again (a retry after a lost answer): the same ticket, nothing new
		const again = await api('/api/upstream/tickets', { method: 'POST', key, body: JSON.stringify(push) });
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ replayed: true, ticket: { id: filed.id } });
		// the same id with other fields: 409 naming externalId
		const changed = await api('/api/upstream/tickets', {
			method: 'POST',
			key,
			body: JSON.stringify({ ...push, description: '另一件事' })
		});
		expect(changed.status).toBe(409);
		expect(await changed.json()).toMatchObject({ field: 'externalId' });
		const { rows: count } = await sql.query(
			`SELECT count(*)::int AS n FROM tickets WHERE external_source = 'jx12345' AND external_id = $1`,
			[externalId]
		);
		expect(count[0].n).toBe(1);

		// the city works it: the dispatcher sends it back upstream (not the city's to handle)
		const back = await api(`/api/tickets/${filed.id}/actions`, {
			method: 'POST',
			cookie: dispatcher,
			body: JSON.stringify({ action: 'return_upstream', reason: '属省属国企管辖' })
		});
		expect(back.status).toBe(200);
		expect((await back.json()).status).toBe('rejected');

		// the platform hears every event of its ticket, signed, once each, with its own id
		const { rows: events } = await sql.query(
			`SELECT id, kind FROM ticket_events WHERE ticket_id = $1 ORDER BY id`,
			[filed.id]
		);
		expect(events.at(-1).kind).toBe('returned_upstream');
		const until = Date.now() + 15_000;
		while (received.length < events.length && Date.now() < until)
			await new Promise((r) => setTimeout(r, 100));
		expect(received.map((r) => r.id).sort()).toEqual(events.map((e) => `ticket_event:${e.id}`).sort());
		for (const r of received) {
			expect(r).toMatchObject({ topic: 'ticket_event', signed: true });
			expect(r.data).toMatchObject({ externalSource: 'jx12345', externalId });
		}
		expect(received.find((r) => r.data.kind === 'returned_upstream')!.data.to).toBe('rejected');

		const off = await api(`/api/admin/webhooks/${hook.id}`, { method: 'DELETE', cookie: admin });
		expect(off.status).toBe(200);
	}, 40_000);
});
