// Editing over HTTP and in the browser: scope (403 outside 吉州区), optimistic concurrency (409 with
// the diff), and an official who edits a facility's capacity and sees it in its history.
import { describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

const call = (method: string, path: string, cookie: string, body?: unknown) =>
	fetch(`${baseUrl()}${path}`, {
		method,
		headers: {
			cookie,
			...(body === undefined ? {} : { 'content-type': 'application/json', origin: baseUrl() })
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});

interface Facility {
	id: number;
	version: number;
	capacity: number | null;
	areaId: number;
}

describe('editing over HTTP', () => {
	it('a 吉州区 official may not edit a facility outside the district (403), may inside', async () => {
		const official = await sessionCookie('official');
		const jizhou = await sessionCookie('jizhou');
		const mine = (await (await call('GET', '/api/edit/facilities?limit=500', jizhou)).json()) as {
			id: number;
		}[];
		const all = (await (await call('GET', '/api/edit/facilities?limit=500', official)).json()) as {
			id: number;
		}[];
		const outsideId = all.find((f) => !mine.some((m) => m.id === f.id))!.id;
		const outside = (await (
			await call('GET', `/api/edit/facilities/${outsideId}`, official)
		).json()) as Facility;
		const res = await call('PATCH', `/api/edit/facilities/${outsideId}`, jizhou, {
			version: outside.version,
			capacity: 1
		});
		expect(res.status).toBe(403);
		expect((await res.json()).field).toBe('areaId');
		expect((await call('GET', `/api/edit/facilities/${outsideId}`, jizhou)).status).toBe(403);
		const planner = await sessionCookie('planner');
		expect((await call('GET', '/api/edit/facilities', planner)).status).toBe(403);
	});

	it('the second save from the same version gets 409 with what changed', async () => {
		const official = await sessionCookie('official');
		const [first] = (await (await call('GET', '/api/edit/compounds?limit=1', official)).json()) as {
			id: number;
		}[];
		const c = (await (await call('GET', `/api/edit/compounds/${first.id}`, official)).json()) as {
			version: number;
			households: number;
		};
		const a = await call('PATCH', `/api/edit/compounds/${first.id}`, official, {
			version: c.version,
			households: c.households + 1
		});
		expect(a.status).toBe(200);
		const b = await call('PATCH', `/api/edit/compounds/${first.id}`, official, {
			version: c.version,
			yearBuilt: 2001
		});
		expect(b.status).toBe(409);
		const body = await b.json();
		expect(body.field).toBe('version');
		expect(body.current.version).toBe(c.version + 1);
		expect(body.changes[0].fields.households).toEqual({ from: c.households, to: c.households + 1 });
		const bad = await call('PATCH', `/api/edit/compounds/${first.id}`, official, {
			version: c.version + 1,
			yearBuilt: 1800
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toMatch(/^yearBuilt/);
	});
});

describe('editing in the browser', () => {
	it("an official changes a facility's capacity and sees it in its history", async () => {
		const official = await sessionCookie('official');
		const [row] = (await (await call('GET', '/api/edit/facilities?limit=1', official)).json()) as {
			id: number;
		}[];
		const f = (await (await call('GET', `/api/edit/facilities/${row.id}`, official)).json()) as Facility;
		const next = (f.capacity ?? 0) + 11;

		const page = await e2e.browser.newPage();
		page.on('pageerror', (e) => console.log('pageerror:', e.message));
		await signIn(page, 'official');
		await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '数据维护' }).click();
		await page.waitForURL(/\/edit/);
		await page.goto(`${baseUrl()}/edit/facilities/${row.id}`);
		const capacity = page.locator('form.entity-form [name=capacity]');
		await expect.poll(() => capacity.inputValue()).toBe(String(f.capacity ?? ''));
		await capacity.fill(String(next));
		await page.locator('form.entity-form button[type=submit]').click();
		await page
			.getByRole('status')
			.filter({ hasText: `${f.version + 1}` })
			.waitFor();
		const entry = page.locator('.history li[data-action="update"]').first();
		await entry.waitFor();
		expect(await entry.textContent()).toContain(`${f.capacity} → ${next}`);
		expect(await entry.textContent()).toContain('official');
		await page.close();

		const now = (await (await call('GET', `/api/edit/facilities/${row.id}`, official)).json()) as Facility;
		expect(now.capacity).toBe(next);
	});
});
