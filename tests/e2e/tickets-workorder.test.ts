// The ticket pages as a dispatcher uses them: filing by clicking the map at 城建花苑 (the form names
// the compound and building), the detail's chain of responsibility with names, and dispatch that
// offers only the people who can act on the ticket. Places are looked up by name, never by
// hard-coded coordinates.
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, e2eDatabaseUrl, sessionCookie, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();
let admin: { headers: Record<string, string> };
beforeAll(async () => {
	admin = { headers: { cookie: await sessionCookie('admin') } };
});

const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
	const res = await fetch(`${baseUrl()}${path}`, {
		...init,
		headers: { ...admin.headers, 'content-type': 'application/json', ...(init.headers ?? {}) }
	});
	if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
	return res.json() as Promise<T>;
};

interface Located {
	status: string;
	candidates: { lon: number; lat: number; compoundName: string; buildingNumber: string }[];
}

describe('tickets as work orders in the browser', () => {
	it('files a ticket by clicking the map at 城建花苑 and shows its chain of responsibility', async () => {
		const place = await api<Located>(`/api/tickets/locate?q=${encodeURIComponent('城建花苑3栋')}`);
		expect(place.status).toBe('located');
		const { lon, lat } = place.candidates[0];

		const page = await e2e.signedInPage('admin', { viewport: { width: 1366, height: 900 } });
		await page.goto(`${baseUrl()}/tickets`);
		await page.getByRole('button', { name: '上报问题' }).click();
		const form = page.getByRole('form', { name: '上报问题' });
		// bring the picker to 城建花苑 by searching the compound alone, then click its building 3
		await form.getByLabel('按地址查找').fill('城建花苑');
		await form.getByRole('button', { name: '查找', exact: true }).click();
		// the search places the pin at the compound; wait for the map to stand there, zoomed in
		await expect
			.poll(() => form.getByTestId('falls-in').textContent(), { timeout: 10_000 })
			.toContain('城建花苑');
		await page.waitForFunction(() => {
			const m = (
				window as unknown as {
					ticketPickerMap?: { loaded(): boolean; isMoving(): boolean; getZoom(): number };
				}
			).ticketPickerMap;
			return m?.loaded() && !m.isMoving() && m.getZoom() >= 16;
		});
		// zoom out with the map's own button until building 3 is in view, then click it
		const picker = form.getByRole('application');
		const box = (await picker.boundingBox())!;
		const project = () =>
			page.evaluate(
				([x, y]) =>
					(
						window as unknown as {
							ticketPickerMap: { project(p: [number, number]): { x: number; y: number } };
						}
					).ticketPickerMap.project([x, y]),
				[lon, lat] as [number, number]
			);
		let pixel = await project();
		for (
			let i = 0;
			i < 3 && (pixel.x < 10 || pixel.y < 10 || pixel.x > box.width - 10 || pixel.y > box.height - 10);
			i++
		) {
			await picker.getByRole('button', { name: 'Zoom out' }).click();
			await page.waitForFunction(
				() => !(window as unknown as { ticketPickerMap: { isMoving(): boolean } }).ticketPickerMap.isMoving()
			);
			pixel = await project();
		}
		expect(pixel.y).toBeLessThan(box.height);
		await page.mouse.click(box.x + pixel.x, box.y + pixel.y);
		const fallsIn = form.getByTestId('falls-in');
		await expect.poll(() => fallsIn.textContent(), { timeout: 15_000 }).toContain('城建花苑3栋');

		await form.getByLabel('类别').selectOption('water');
		await form.getByLabel('问题描述').fill('三楼水管爆裂');
		await form.getByRole('button', { name: '提交' }).click();
		const notice = page.getByRole('status').filter({ hasText: '已受理' });
		await notice.waitFor();
		const code = /GD\d{15}/.exec((await notice.textContent()) ?? '')![0];

		await page.getByRole('button', { name: code }).click();
		const detail = page.getByRole('article', { name: code });
		await expect(detail.getByTestId('ticket-address').textContent()).resolves.toContain('城建花苑3栋');
		const ticket = (await api<{ id: number; code: string }[]>('/api/tickets?status=open&limit=20')).find(
			(t) => t.code === code
		)!;
		const chain = await api<{
			steward: { name: string } | null;
			worker: { name: string } | null;
			company: { name: string } | null;
		}>(`/api/tickets/${ticket.id}/chain`);
		expect(chain.steward?.name && chain.worker?.name && chain.company?.name).toBeTruthy();
		await expect
			.poll(() => detail.getByTestId('chain-steward').textContent(), { timeout: 15_000 })
			.toContain(chain.steward!.name);
		await expect(detail.getByTestId('chain-worker').textContent()).resolves.toContain(chain.worker!.name);
		await expect(detail.getByTestId('chain-company').textContent()).resolves.toContain(chain.company!.name);
		// actions are labelled buttons of at least 44 × 44 px
		const buttons = detail.getByRole('group', { name: '处理操作' }).getByRole('button');
		expect(await buttons.count()).toBeGreaterThan(0);
		for (const b of await buttons.all()) {
			const size = (await b.boundingBox())!;
			expect(size.width).toBeGreaterThanOrEqual(44);
			expect(size.height).toBeGreaterThanOrEqual(44);
			expect((await b.textContent())!.trim()).not.toBe('');
		}
	});

	it('offers only the people who can act on the ticket when dispatching', async () => {
		const place = await api<Located>(`/api/tickets/locate?q=${encodeURIComponent('阳明花园12栋')}`);
		const { lon, lat } = place.candidates[0];
		const created = await api<{ ticket: { id: number; code: string; status: string } }>('/api/tickets', {
			method: 'POST',
			body: JSON.stringify({ category: 'noise', description: '夜间施工噪音', lon, lat })
		});
		const t = created.ticket;
		if (t.status !== 'new')
			await api(`/api/tickets/${t.id}/actions`, {
				method: 'POST',
				body: JSON.stringify({ action: 'return', reason: '重新派单' })
			});
		const eligible = await api<{ id: number; name: string }[]>(`/api/tickets/${t.id}/candidates`);
		expect(eligible.length).toBeGreaterThan(0);

		const page = await (
			await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
		).newPage();
		await signIn(page, 'official');
		await page.goto(`${baseUrl()}/tickets`);
		await page.getByRole('button', { name: t.code }).click();
		const detail = page.getByRole('article', { name: t.code });
		await detail.getByRole('button', { name: '派单' }).click();
		// the people (the organisations that may hold it are offered apart: holder-orgs)
		const people = detail.locator('fieldset.people:not(.orgs)');
		const offered = people.getByRole('radio');
		await expect.poll(() => offered.count(), { timeout: 15_000 }).toBe(eligible.length);
		const labels = await people.locator('label').allTextContents();
		expect(labels.map((l) => l.split(' · ')[0].trim())).toEqual(eligible.map((p) => p.name));
		await detail.getByRole('button', { name: /确认/ }).click();
		await expect.poll(() => detail.locator('.status').textContent(), { timeout: 15_000 }).toContain('已派单');
	});

	it("lists a ticket given in SQL to someone who cannot act on it on the admin's check, linked to the ticket", async () => {
		const place = await api<Located>(`/api/tickets/locate?q=${encodeURIComponent('城建花苑3栋')}`);
		const { lon, lat } = place.candidates[0];
		const { ticket: t } = await api<{ ticket: { id: number; code: string } }>('/api/tickets', {
			method: 'POST',
			body: JSON.stringify({ category: 'greenery', description: '绿化带无人修剪', lon, lat })
		});
		const sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
		await sql.connect();
		try {
			// a grid worker of another district: cannot act on it
			const stranger = (
				await sql.query(
					`SELECT p.id, p.name FROM people p JOIN grid_cells g ON g.worker_id = p.id
					 JOIN areas cm ON cm.id = g.community_id JOIN tickets t ON t.id = $1
					 WHERE p.retired_at IS NULL AND g.district_id <> t.district_id ORDER BY p.id LIMIT 1`,
					[t.id]
				)
			).rows[0];
			await sql.query(`UPDATE tickets SET status = 'assigned', assignee_id = $2 WHERE id = $1`, [
				t.id,
				stranger.id
			]);
			const page = await e2e.signedInPage('admin', { viewport: { width: 1366, height: 768 } });
			await page.goto(`${baseUrl()}/admin/orphans`);
			const row = page.getByRole('row').filter({ hasText: t.code });
			await row.waitFor();
			expect(await row.textContent()).toContain(stranger.name);
			await row.getByRole('link', { name: t.code }).click();
			await page.getByRole('article', { name: t.code }).waitFor();
			expect(page.url()).toContain(`/tickets?ticket=${t.id}`);
			await page.close();
		} finally {
			await sql.end();
		}
	});
});
