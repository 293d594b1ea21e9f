// 我的网格 on a phone: Chromium at 360 px wide with touch and a mocked position. The grid worker
// sees their open tickets, works one, patrols (positions queue on the device while offline and
// survive a reload), checks in at a building (and is refused 100 m away), and ends the patrol.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { baseUrl, sessionCookie, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();
let context: BrowserContext;
let page: Page;
let cookie: string;

interface Zone {
	summary: { openTickets: number };
	tickets: { code: string }[];
	buildings: { id: number; compound: string; number: string; lon: number; lat: number }[];
}
const api = async <T>(path: string): Promise<T> =>
	(await fetch(`${baseUrl()}${path}`, { headers: { cookie } })).json() as Promise<T>;

beforeAll(async () => {
	cookie = await sessionCookie('gridworker');
});

describe('my grid on a phone', () => {
	it('shows the open tickets, patrols through a lost connection and a reload, checks in, ends', async () => {
		const zone = await api<Zone>('/api/me/zone');
		const b = zone.buildings[0];
		const far = zone.buildings
			.map((x) => ({ x, d: Math.hypot(x.lon - b.lon, x.lat - b.lat) }))
			.sort((p, q) => q.d - p.d)[0].x;
		context = await e2e.browser.newContext({
			viewport: { width: 360, height: 740 },
			isMobile: true,
			hasTouch: true,
			permissions: ['geolocation'],
			geolocation: { longitude: b.lon, latitude: b.lat, accuracy: 8 }
		});
		page = await context.newPage();
		await signIn(page, 'gridworker');
		await page.goto(`${baseUrl()}/my-grid`);

		// the tickets of the zone, overdue first (the server's order), nothing wider than the phone
		const tickets = page.getByRole('region', { name: '我的工单' });
		await page
			.getByTestId('open-count')
			.filter({ hasText: String(zone.summary.openTickets) })
			.waitFor();
		await tickets.getByRole('button', { name: new RegExp(zone.tickets[0].code) }).waitFor();
		const codes = await tickets.locator('.card .code').allTextContents();
		expect(codes.length).toBe(zone.summary.openTickets);
		expect(new Set(codes)).toEqual(new Set(zone.tickets.map((t) => t.code)));
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

		// work a ticket from the field through the ticket workflow: a note, with a big labelled button
		await tickets.getByRole('button', { name: new RegExp(codes[0]) }).tap();
		const detail = page.getByRole('article', { name: codes[0] });
		const noteButton = detail.getByRole('button', { name: '备注', exact: true });
		const box = (await noteButton.boundingBox())!;
		expect(box.width).toBeGreaterThanOrEqual(44);
		expect(box.height).toBeGreaterThanOrEqual(44);
		await noteButton.tap();
		await detail.getByLabel('说明').fill('已到现场查看');
		await detail.getByRole('button', { name: '确认备注' }).tap();
		await detail.getByText('已到现场查看').waitFor();

		// start a patrol; walk north a few metres at a time
		await page.getByRole('button', { name: '开始巡查' }).tap();
		const patrol = page.getByRole('region', { name: '巡查中' });
		await patrol.getByText('巡查中', { exact: true }).waitFor();
		const step = 0.00003; // ≈ 3.3 m
		let n = 0;
		const walk = async (count: number) => {
			for (let i = 0; i < count; i++) {
				n++;
				await context.setGeolocation({ longitude: b.lon, latitude: b.lat + n * step, accuracy: 8 });
				await page.waitForTimeout(400);
			}
		};
		await walk(3);
		await patrol.getByText(/已上传 [1-9]\d* 个定位点 · 待上传 0 个/).waitFor({ timeout: 10_000 });
		const state = () => page.evaluate(() => JSON.parse(localStorage.getItem('redgrid.patrol') ?? 'null'));
		const { patrolId } = await state();

		// the connection drops: positions pile up on the device
		await context.setOffline(true);
		await walk(5);
		await patrol.getByText('网络断开').waitFor({ timeout: 10_000 });
		const offline = await state();
		const queued =
			offline.buffer.length +
			offline.batches.reduce((s: number, x: { points: unknown[] }) => s + x.points.length, 0);
		expect(queued).toBeGreaterThanOrEqual(5);
		const before = await api<{ points: number }>(`/api/patrols/${patrolId}`);

		// back online, and the page is reloaded: the queue is picked up from the device and sent
		await context.setOffline(false);
		await page.reload();
		await patrol.getByText('巡查中', { exact: true }).waitFor();
		await patrol.getByText(/待上传 0 个/).waitFor({ timeout: 10_000 });
		await expect
			.poll(async () => (await api<{ points: number }>(`/api/patrols/${patrolId}`)).points)
			.toBeGreaterThanOrEqual(before.points + queued);

		// check in at the building where the worker stands; the farthest one is refused with its distance
		await context.setGeolocation({ longitude: b.lon, latitude: b.lat, accuracy: 8 });
		await page.waitForTimeout(600);
		const list = page.getByRole('region', { name: '楼栋' });
		await list.getByRole('button', { name: `打卡 ${far.compound} ${far.number}` }).tap();
		// the refusal is a message that stays in view (the toast region), with the distance
		const toasts = page.getByTestId('toasts');
		const refusal = toasts.getByRole('alert').filter({ hasText: /距离楼栋 \d+ 米/ });
		await refusal.waitFor();
		const r = (await refusal.boundingBox())!;
		expect(r.y).toBeGreaterThanOrEqual(0);
		expect(r.y + r.height).toBeLessThanOrEqual(740);
		await list.getByRole('button', { name: `打卡 ${b.compound} ${b.number}` }).tap();
		await toasts.getByText(`已在 ${b.compound} ${b.number} 打卡`).waitFor();

		// end the patrol: the summary counts the check-in, and the device forgets the queue
		await patrol.getByRole('button', { name: '结束巡查' }).tap();
		await page
			.getByTestId('toasts')
			.getByText(/巡查已结束：\d+ 个定位点，\d+ 次打卡/)
			.waitFor();
		const ended = await api<{ endedAt: string | null; checkins: { buildingId: number }[]; points: number }>(
			`/api/patrols/${patrolId}`
		);
		expect(ended.endedAt).not.toBeNull();
		expect(ended.checkins.map((c) => c.buildingId)).toContain(b.id);
		expect(await state()).toBeNull();
		await page.getByRole('button', { name: '开始巡查' }).waitFor();
		await context.close();
	}, 240_000);
});
