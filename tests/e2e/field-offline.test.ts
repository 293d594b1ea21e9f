// /my-grid without a network. "Offline" means the server is stopped (Chromium's offline switch
// does not reach a service worker's own fetches), so this file runs its own app instance on a free
// port against its own database cloned from the template, and stops and restarts it at will.
// The worker reopens /my-grid with the server down, checks in at a building, photographs a ticket's
// site and resolves it, and accepts another that is reassigned meanwhile; after a reload (still
// offline) nothing is lost, the photo included; once the server is back the check-in, the photo and
// the resolve arrive once, in order, and the refused accept is shown with its reason. Replaying a
// request after a lost answer writes one row.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { clusterQuery } from '../setup/cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchPersistent } from '../setup/browser';
import { startApp, stopApp } from '../../scripts/lib/app';
import { freePort } from '../../scripts/lib/cluster';

const server = process.env.REDGRID_TEST_PG;
const template = process.env.REDGRID_TEST_TEMPLATE;
if (!server || !template) throw new Error('e2e tests run through `npm run test:e2e`');
const dbName = `field_${randomBytes(5).toString('hex')}`;

let app: ChildProcess | null = null;
/** the phone: a browser with its profile on disk (launchPersistent), closed after the tests */
let phone: { ctx: BrowserContext; profile: string } | undefined;
let port: number;
let base: string;
let db: pg.Pool;

const start = async () => {
	app = await startApp({
		port,
		databaseUrl: `${server}/${dbName}`,
		env: { REDGRID_DEMO: '1', REDGRID_SIMULATOR: '0' },
		quiet: true
	});
};
const stop = async () => {
	if (app) await stopApp(app);
	app = null;
};

beforeAll(async () => {
	await clusterQuery(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
	db = new pg.Pool({ connectionString: `${server}/${dbName}`, max: 2 });
	port = await freePort();
	base = `http://127.0.0.1:${port}`;
	await start();
});
afterAll(async () => {
	await phone?.ctx.close();
	if (phone) rmSync(phone.profile, { recursive: true, force: true });
	await stop();
	await db?.end();
	await clusterQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

async function login(username: string): Promise<string> {
	const res = await fetch(`${base}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password: 'redgrid-demo' })
	});
	return res.headers.getSetCookie()[0].split(';')[0];
}

async function signIn(page: Page, username: string) {
	await page.goto(`${base}/login`);
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill('redgrid-demo');
	await page.getByRole('button', { name: '登录' }).tap();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** The early paint the service worker keeps for /my-grid (the page's last picture of itself). */
const cachedEarlyPaint = (page: Page) =>
	page.evaluate(async () => {
		const shell = (await caches.keys()).find((n) => n.startsWith('redgrid-shell-'));
		const hit = shell ? await (await caches.open(shell)).match('/my-grid/__early.html') : undefined;
		return hit ? await hit.text() : '';
	});

/** The ticket cards and outbox states in the early paint of a page's HTML (parsed by the browser). */
const earlyPaintOf = (page: Page, html: string) =>
	page.evaluate((h) => {
		const early = new DOMParser().parseFromString(h, 'text/html').getElementById('field-early');
		if (!early) return null;
		return {
			inert: early.hasAttribute('inert'),
			cards: [...early.querySelectorAll('.cards .card')].map((c) => c.textContent!.replace(/\s+/g, ' ')),
			outbox: [...early.querySelectorAll('li[data-state]')].map((l) => l.getAttribute('data-state'))
		};
	}, html);

/** What a page said in its console and threw, kept to show when a wait fails. */
function watchConsole(page: Page): string[] {
	const said: string[] = [];
	page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`));
	page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
	page.on('requestfailed', (r) => said.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
	return said;
}

/** The reopened page and the phone's caches, shown when the page does not come up offline. */
const phoneState = (page: Page, said: string[]) =>
	page
		.evaluate(async () => {
			const names = await caches.keys();
			const held: Record<string, number> = {};
			for (const n of names) held[n] = (await (await caches.open(n)).keys()).length;
			return {
				early: !!document.getElementById('field-early'),
				app: !!document.querySelector('[data-early-paint]'),
				text: document.body.innerText.slice(0, 400),
				held
			};
		})
		.then((state) => ({ ...state, said }))
		.catch((e) => ({ evaluate: String(e), said }));

interface Zone {
	buildings: { id: number; compound: string; number: string; lon: number; lat: number }[];
	tickets: { id: number; code: string; status: string; assigneeId: number | null }[];
}

describe('my grid offline', () => {
	it('queues a check-in and ticket actions with the server down, and sends them once, in order, when it is back', async () => {
		const cookie = await login('gridworker');
		const person = (await db.query(`SELECT person_id FROM users WHERE username = 'gridworker'`)).rows[0]
			.person_id as number;
		const getZone = async () =>
			(await (await fetch(`${base}/api/me/zone`, { headers: { cookie } })).json()) as Zone;
		let zone = await getZone();
		// the test needs two open tickets in the zone: file them when the demo's day has fewer
		for (let i = zone.tickets.length; i < 2; i++) {
			const at = zone.buildings[i];
			const res = await fetch(`${base}/api/tickets`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify({
					category: 'water',
					description: `offline test ticket ${i}`,
					lon: at.lon,
					lat: at.lat
				})
			});
			expect(res.status).toBe(201);
		}
		zone = await getZone();
		const b = zone.buildings[0];
		// two open tickets of the zone, assigned to the worker: one accepted (to resolve), one assigned (to accept)
		const [t1, t2] = zone.tickets;
		await db.query(`UPDATE tickets SET status = 'accepted', assignee_id = $2 WHERE id = $1`, [t1.id, person]);
		await db.query(`UPDATE tickets SET status = 'assigned', assignee_id = $2 WHERE id = $1`, [t2.id, person]);
		const other = (
			await db.query(
				`SELECT worker_id AS id FROM grid_cells WHERE worker_id IS NOT NULL AND worker_id <> $1 LIMIT 1`,
				[person]
			)
		).rows[0].id as number;

		// a profile on disk, as a phone's (launchPersistent): its caches are files, not memory
		const profile = mkdtempSync(path.join(os.tmpdir(), 'redgrid-phone-'));
		const ctx = await launchPersistent(profile, {
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true,
			permissions: ['geolocation'],
			geolocation: { longitude: b.lon, latitude: b.lat, accuracy: 8 }
		});
		phone = { ctx, profile };
		let page = await ctx.newPage();
		await signIn(page, 'gridworker');
		await page.goto(`${base}/my-grid`);
		// the service worker takes over; the page then keeps its code, data and tiles on the phone
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
		await page.reload();
		await page.getByRole('button', { name: '开始巡查' }).waitFor();
		await page.waitForFunction(
			async () => {
				// both copies of the page: the second shell cache is written first, so finding the page
				// in whichever shell cache comes first (as this wait did) can be too early under load
				const names = await caches.keys();
				const shell = names.find((n) => n.startsWith('redgrid-shell-') && !n.endsWith('-previous'));
				const has = async (name: string | undefined) =>
					!!name && names.includes(name) && !!(await (await caches.open(name)).match('/my-grid'));
				const tiles = names.includes('redgrid-tiles')
					? await (await caches.open('redgrid-tiles')).keys()
					: [];
				return (await has(shell)) && (await has(`${shell}-previous`)) && tiles.length > 4;
			},
			null,
			{ timeout: 30_000, polling: 500 }
		);
		await page.getByRole('button', { name: '开始巡查' }).tap();
		await page.getByRole('button', { name: '结束巡查' }).waitFor();
		const patrolId = (await page.evaluate(
			() => JSON.parse(localStorage.getItem('redgrid.patrol')!).patrolId
		)) as number;
		// a real image the phone's camera might give: a PNG of a piece of the screen
		const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 64, height: 48 } });

		// the server goes down; the worker reopens the page. The page's first copy of its HTML is gone,
		// as when the page closed while it rewrote it (Chromium's Cache.put deletes first): the second
		// copy, written just before it, opens the page
		await stop();
		const copies = await page.evaluate(async () => {
			const names = await caches.keys();
			const shell = names.find((n) => n.startsWith('redgrid-shell-') && !n.endsWith('-previous'))!;
			const backup = names.find((n) => n === `${shell}-previous`);
			const deleted = await (await caches.open(shell)).delete('/my-grid');
			const kept = backup ? (await (await caches.open(backup)).keys()).map((r) => r.url) : [];
			return {
				deleted,
				backup: !!backup && !!(await (await caches.open(backup)).match('/my-grid')),
				// what the phone held, shown when the check fails
				names,
				kept,
				worker: (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? null
			};
		});
		expect({ deleted: copies.deleted, backup: copies.backup }, JSON.stringify(copies)).toEqual({
			deleted: true,
			backup: true
		});
		await page.close();
		page = await ctx.newPage();
		const said = watchConsole(page);
		await page.goto(`${base}/my-grid`);
		await page
			.getByTestId('offline-banner')
			.waitFor({ timeout: 20_000 })
			.catch(async (err) => {
				throw new Error(`${err.message}\n${JSON.stringify(await phoneState(page, said), null, 1)}`);
			});
		await page.getByRole('button', { name: new RegExp(t1.code) }).waitFor();

		// check in where the worker stands
		const buildings = page.getByRole('region', { name: '楼栋' });
		await buildings.getByRole('button', { name: `打卡 ${b.compound} ${b.number}` }).tap();
		const outbox = page.getByRole('region', { name: '待上传与已上传' });
		await outbox.locator('li[data-state=waiting]').first().waitFor();
		// photograph the first ticket's site, resolve it (needs a note), accept the second
		await page.getByRole('button', { name: new RegExp(t1.code) }).tap();
		const d1 = page.getByRole('article', { name: t1.code });
		await d1
			.getByTestId('ticket-photo')
			.setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: shot });
		await expect.poll(() => outbox.locator('li[data-state=waiting]').count()).toBe(2);
		expect(await outbox.locator('li[data-state=waiting]').nth(1).textContent()).toContain(`${t1.code}：照片`);
		await d1.getByRole('button', { name: '办结' }).tap();
		await d1.getByLabel('说明').fill('已修好');
		await d1.getByRole('button', { name: '确认办结' }).tap();
		await page.getByRole('button', { name: new RegExp(t2.code) }).tap();
		await page.getByRole('article', { name: t2.code }).getByRole('button', { name: '签收' }).tap();
		await expect.poll(() => outbox.locator('li[data-state=waiting]').count()).toBe(4);
		// each card shows the status its queued actions lead to, marked as waiting to be sent
		const card1 = page.locator('.cards .card', { hasText: t1.code });
		await expect.poll(() => card1.textContent()).toContain('已办结');
		expect(await card1.getByTestId('card-queued').textContent()).toBe('等待上传');
		expect(await page.locator('.cards .card', { hasText: t2.code }).textContent()).toContain('已签收');
		// and the page's picture of itself for the next offline start (its early paint) shows them too
		await expect
			.poll(async () => (await earlyPaintOf(page, `<body>${await cachedEarlyPaint(page)}`))?.outbox.length, {
				timeout: 10_000
			})
			.toBe(4);

		// closed and reopened, still offline: the queue is all there, the photo's bytes included
		await page.close();
		page = await ctx.newPage();
		const reopened = await page.goto(`${base}/my-grid`);
		// the page the service worker answers already shows the cards as they were left, before any of
		// the app's code runs: the resolved ticket as resolved and waiting, not as still open
		expect(reopened!.fromServiceWorker()).toBe(true);
		const early = await earlyPaintOf(page, await reopened!.text());
		expect(early).not.toBeNull();
		expect(early!.inert).toBe(true);
		expect(early!.outbox).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
		const early1 = early!.cards.find((c) => c.includes(t1.code))!;
		expect(early1).toContain('已办结');
		expect(early1).toContain('等待上传');
		expect(early1).not.toContain('已签收');
		expect(early!.cards.find((c) => c.includes(t2.code))).toContain('已签收');
		// the app replaces it with its own page, whose actions work
		await page.waitForFunction(() => !document.getElementById('field-early'), null, { timeout: 20_000 });
		await expect
			.poll(() => page.locator('.cards .card', { hasText: t1.code }).textContent())
			.toContain('已办结');
		// the second ticket, its accept waiting, opens with the actions that follow an accept
		await page.getByRole('button', { name: new RegExp(t2.code) }).tap();
		const d2 = page.getByRole('article', { name: t2.code });
		await d2.getByRole('button', { name: '开始处理' }).waitFor();
		expect(await d2.getByRole('button', { name: '签收' }).count()).toBe(0);
		const outbox2 = page.getByRole('region', { name: '待上传与已上传' });
		await expect.poll(() => outbox2.locator('li[data-state=waiting]').count(), { timeout: 15_000 }).toBe(4);
		const kept = await page.evaluate(
			() =>
				new Promise<number>((resolve, reject) => {
					const open = indexedDB.open('redgrid-field');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const all = open.result.transaction('outbox').objectStore('outbox').getAll();
						all.onsuccess = () =>
							resolve(all.result.find((i: { kind: string }) => i.kind === 'photo')?.photo?.size ?? -1);
					};
				})
		);
		expect(kept).toBe(shot.length);

		// meanwhile the second ticket is reassigned at the office
		await db.query(`UPDATE tickets SET assignee_id = $2 WHERE id = $1`, [t2.id, other]);
		const before = new Date();

		// the server is back: everything is sent within the retry interval
		await start();
		await expect
			.poll(() => outbox2.locator('li[data-state=waiting]').count(), { timeout: 40_000, interval: 1000 })
			.toBe(0);
		expect(await outbox2.locator('li[data-state=sent]').count()).toBe(3);
		const refused = outbox2.locator('li[data-state=refused]');
		expect(await refused.count()).toBe(1);
		expect(await refused.textContent()).toContain(t2.code);
		// the server's reason, in the interface language (params.reason)
		expect(await refused.locator('.reason').textContent()).toBe('您不能对此工单执行此操作');

		// rows: one check-in and one resolve, the check-in first (queue order), made before they arrived
		const checkins = (
			await db.query(
				`SELECT at, received_at FROM patrol_checkins WHERE patrol_id = $1 AND building_id = $2`,
				[patrolId, b.id]
			)
		).rows;
		expect(checkins).toHaveLength(1);
		expect(checkins[0].at.getTime()).toBeLessThan(before.getTime());
		expect(checkins[0].received_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
		const resolved = (
			await db.query(`SELECT at FROM ticket_events WHERE ticket_id = $1 AND kind = 'resolved'`, [t1.id])
		).rows;
		expect(resolved).toHaveLength(1);
		// the photo: one note event with the file, between the check-in and the resolve
		const photos = (
			await db.query(`SELECT id, at, note FROM ticket_events WHERE ticket_id = $1 AND photo IS NOT NULL`, [
				t1.id
			])
		).rows;
		expect(photos).toHaveLength(1);
		expect(photos[0].note).toBe('现场照片');
		expect(photos[0].at.getTime()).toBeGreaterThanOrEqual(checkins[0].received_at.getTime());
		expect(resolved[0].at.getTime()).toBeGreaterThanOrEqual(photos[0].at.getTime());
		const served = await fetch(`${base}/api/tickets/${t1.id}/photos/${photos[0].id}`, {
			headers: { cookie: await login('gridworker') }
		});
		expect(served.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await served.arrayBuffer()).equals(shot)).toBe(true);
		expect((await db.query(`SELECT status FROM tickets WHERE id = $1`, [t1.id])).rows[0].status).toBe(
			'resolved'
		);
		const t2Row = (await db.query(`SELECT status, assignee_id FROM tickets WHERE id = $1`, [t2.id])).rows[0];
		expect(t2Row).toEqual({ status: 'assigned', assignee_id: other });
		// each with its made-at time beside its arrival
		const recorded = (
			await db.query(
				`SELECT target, made_at < received_at AS earlier, status FROM idempotent_requests
				 WHERE user_id = (SELECT id FROM users WHERE username = 'gridworker') ORDER BY received_at`
			)
		).rows;
		expect(recorded.map((r) => [r.target, r.earlier, r.status])).toEqual([
			[`POST /api/patrols/${patrolId}/checkins`, true, 201],
			[`POST /api/tickets/${t1.id}/photos`, true, 201],
			[`POST /api/tickets/${t1.id}/actions`, true, 200],
			[`POST /api/tickets/${t2.id}/actions`, true, 403]
		]);
	}, 240_000);

	it('answers a request replayed after a lost answer from its record, writing one row', async () => {
		// the test before stops the server; a failure there may leave it stopped
		if (!app) await start();
		const cookie = await login('gridworker');
		const person = (await db.query(`SELECT person_id FROM users WHERE username = 'gridworker'`)).rows[0]
			.person_id as number;
		const zone = (await (await fetch(`${base}/api/me/zone`, { headers: { cookie } })).json()) as Zone;
		const t = zone.tickets.find((x) => x.status !== 'resolved')!;
		await db.query(`UPDATE tickets SET status = 'assigned', assignee_id = $2 WHERE id = $1`, [t.id, person]);
		const key = randomUUID();
		const at = new Date(Date.now() - 3600_000).toISOString();
		const send = (k = key, body: Record<string, unknown> = { action: 'accept', at }) =>
			fetch(`${base}/api/tickets/${t.id}/actions`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json', 'idempotency-key': k },
				body: JSON.stringify(body)
			});
		const events = async () =>
			Number(
				(
					await db.query(`SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND kind = 'accepted'`, [
						t.id
					])
				).rows[0].count
			);
		const n0 = await events();
		const first = await send();
		expect(first.status).toBe(200);
		const firstBody = await first.json();
		// the answer is lost; the phone sends the same request again
		const again = await send();
		expect(again.status).toBe(200);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(await again.json()).toEqual(firstBody);
		expect(await events()).toBe(n0 + 1);
		const row = (await db.query(`SELECT made_at, received_at FROM idempotent_requests WHERE key = $1`, [key]))
			.rows[0];
		expect(row.made_at.toISOString()).toBe(at);
		expect(row.received_at.getTime() - row.made_at.getTime()).toBeGreaterThan(3500_000);

		// the same key on another request is refused; a request made over 72 h ago too, naming `at`
		const other = await fetch(`${base}/api/tickets/${t.id + 1}/actions`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json', 'idempotency-key': key },
			body: JSON.stringify({ action: 'note', note: 'x' })
		});
		expect(other.status).toBe(422);
		expect((await other.json()).field).toBe('Idempotency-Key');
		const old = await send(randomUUID(), {
			action: 'note',
			note: 'late',
			at: new Date(Date.now() - 73 * 3600_000).toISOString()
		});
		expect(old.status).toBe(400);
		expect(JSON.stringify(await old.json())).toMatch(/at/);
		expect(await events()).toBe(n0 + 1);

		// a photo resent after a lost answer (a new multipart boundary): one event, the same answer
		const png = Buffer.from(
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
			'base64'
		);
		const photoKey = randomUUID();
		const sendPhoto = (note = '楼道积水') => {
			const form = new FormData();
			form.set('note', note);
			form.set('at', at);
			form.set('photo', new File([png], 'site.png', { type: 'image/png' }));
			return fetch(`${base}/api/tickets/${t.id}/photos`, {
				method: 'POST',
				headers: { cookie, 'idempotency-key': photoKey },
				body: form
			});
		};
		const photoEvents = async () =>
			Number(
				(
					await db.query(`SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND photo IS NOT NULL`, [
						t.id
					])
				).rows[0].count
			);
		const p0 = await photoEvents();
		const p1 = await sendPhoto();
		expect(p1.status).toBe(201);
		const p2 = await sendPhoto();
		expect(p2.status).toBe(201);
		expect(p2.headers.get('idempotent-replayed')).toBe('true');
		expect(await photoEvents()).toBe(p0 + 1);
		// not an image: 415 naming photo, nothing written
		const bad = new FormData();
		bad.set('note', 'x');
		bad.set('photo', new File([Buffer.from('not a picture')], 'a.png', { type: 'image/png' }));
		const refusedPhoto = await fetch(`${base}/api/tickets/${t.id}/photos`, {
			method: 'POST',
			headers: { cookie },
			body: bad
		});
		expect(refusedPhoto.status).toBe(415);
		expect((await refusedPhoto.json()).field).toBe('photo');
		expect(await photoEvents()).toBe(p0 + 1);
	});
});
