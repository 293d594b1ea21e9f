// The 12345 workflow in the browser, one short walk: a 12345 dispatcher opens a water ticket of
// 城建花苑, sees the routing rule propose the compound's property company and gives it to it; the
// company's staff see the bell's unread count go up live, open the ticket from the bell and sign
// for it with the labelled button.
import { beforeAll, describe, expect, it } from 'vitest';

import { baseUrl, sessionCookie, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();
let dispatcher = '';
beforeAll(async () => {
	dispatcher = await sessionCookie('dispatcher');
});

const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
	const res = await fetch(`${baseUrl()}${path}`, {
		...init,
		headers: {
			cookie: dispatcher,
			'content-type': 'application/json',
			origin: baseUrl(),
			...(init.headers ?? {})
		}
	});
	if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
	return res.json() as Promise<T>;
};

describe('the 12345 workflow in the browser', () => {
	it('proposes the company, dispatches to it, and its staff hear of it by the bell and sign for it', async () => {
		// a call comes in: the dispatcher files it (as the hotline's form would)
		const { ticket } = await api<{ ticket: { id: number; code: string; status: string } }>('/api/tickets', {
			method: 'POST',
			body: JSON.stringify({ category: 'water', description: '城建花苑楼顶水箱漏水', address: '城建花苑3栋' })
		});
		// routed to the grid worker at filing: the dispatcher reassigns it (转派); else dispatches it (派单)
		const verb = ticket.status === 'new' ? '派单' : '转派';

		const companyCtx = await e2e.browser.newContext({
			viewport: { width: 390, height: 844 },
			hasTouch: true
		});
		const companyPage = await companyCtx.newPage();
		await signIn(companyPage, 'company');
		await companyPage.goto(`${baseUrl()}/tickets`);
		const bell = companyPage.getByTestId('bell');
		await bell.waitFor();
		const unreadBefore = Number(
			(await companyPage
				.getByTestId('unread')
				.textContent()
				.catch(() => '0')) || 0
		);

		const page = await e2e.signedInPage('dispatcher', { viewport: { width: 1366, height: 900 } });
		await page.goto(`${baseUrl()}/tickets?ticket=${ticket.id}`);
		const detail = page.getByRole('article', { name: ticket.code });
		await detail.getByRole('button', { name: verb, exact: true }).click();
		await expect.poll(() => detail.getByTestId('routing-rule').textContent()).toContain('小区物业企业');
		const orgs = detail.getByTestId('holder-orgs');
		// the proposed one is marked and chosen
		const proposed = orgs.locator('label', { hasText: '建议' });
		await expect.poll(() => proposed.count()).toBe(1);
		expect(await proposed.locator('input').isChecked()).toBe(true);
		if (verb === '转派') await detail.getByPlaceholder('原因').fill('小区内管道，由物业处理');
		await detail.getByRole('button', { name: `确认 ${verb}` }).click();
		await expect.poll(() => detail.getByTestId('chain-assignee').textContent()).toContain('物业');

		// the company's bell goes up without a reload, and leads to the ticket
		await expect
			.poll(
				async () =>
					Number(
						(await companyPage
							.getByTestId('unread')
							.textContent()
							.catch(() => '0')) || 0
					),
				{
					timeout: 10_000
				}
			)
			.toBeGreaterThan(unreadBefore);
		await bell.tap();
		await companyPage.getByRole('link', { name: new RegExp(`新派工单\\s*· ${ticket.code}`) }).tap();
		const theirs = companyPage.getByRole('article', { name: ticket.code });
		const sign = theirs.getByRole('button', { name: '签收', exact: true });
		await sign.waitFor();
		// the holder and the running sign-for stage name the company, not a person
		await theirs.getByTestId('chain-company').waitFor();
		const company = (await theirs.getByTestId('chain-company').locator('b').textContent())!.trim();
		expect(company).toContain('物业');
		expect(await theirs.getByTestId('chain-assignee').locator('b').textContent()).toContain(company);
		await expect
			.poll(async () =>
				(await theirs.locator('table.stages tbody tr').first().locator('td').nth(1).textContent())?.trim()
			)
			.toBe(company);
		const [res] = await Promise.all([
			companyPage.waitForResponse((r) => r.url().endsWith(`/api/tickets/${ticket.id}/actions`)),
			sign.tap()
		]);
		expect(res.status()).toBe(200);
		await expect.poll(() => theirs.locator('.status').textContent()).toContain('已签收');
		await companyCtx.close();
	}, 90_000);
});
