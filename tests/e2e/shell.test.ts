import { describe, expect, it } from 'vitest';
import { baseUrl, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

describe('app shell', () => {
	it('sends an anonymous visitor to the login page, which lists the demo logins', async () => {
		const page = await e2e.browser.newPage();
		await page.goto(`${baseUrl()}/dashboard`);
		await page.waitForURL(/\/login\?next=%2Fdashboard/);
		await expect(page.getByRole('region', { name: 'demo' }).textContent()).resolves.toContain('gridworker');
		await page.close();
	});

	it('lets official sign in, shows the navigation in Chinese, the city dashboard, and switches to English', async () => {
		const page = await e2e.signedInPage('official');
		const nav = page.getByRole('navigation', { name: 'main' });
		// the main pages first, in this order; role-specific ones (patrols, editing) may follow
		await nav.getByRole('link', { name: '地图' }).waitFor();
		expect((await nav.getByRole('link').allTextContents()).slice(0, 5)).toEqual([
			'地图',
			'驾驶舱',
			'物业企业',
			'工单',
			'设施规划'
		]);
		await nav.getByRole('link', { name: '驾驶舱' }).click();
		await page.getByTestId('area-name').waitFor();
		expect(await page.getByTestId('area-name').textContent()).toBe('吉安市');
		// the drill-down table lists the 13 districts
		await page.getByRole('button', { name: '吉州区' }).waitFor();
		expect(
			await page
				.locator('tbody tr')
				.filter({ has: page.locator('button', { hasText: /^\S+(区|县|市)$/ }) })
				.count()
		).toBe(13);
		await page.getByRole('button', { name: 'English' }).click();
		await nav.getByRole('link', { name: 'Map' }).waitFor();
		expect((await nav.getByRole('link').allTextContents()).slice(0, 5)).toEqual([
			'Map',
			'Dashboard',
			'Companies',
			'Tickets',
			'Planning'
		]);
		await page.close();
	});

	it('keeps a district official inside their district', async () => {
		const page = await e2e.browser.newPage();
		await signIn(page, 'jizhou', 'redgrid-demo');
		await page.goto(`${baseUrl()}/dashboard`);
		await page.getByTestId('area-name').waitFor();
		expect(await page.getByTestId('area-name').textContent()).toBe('吉州区');
		await page.close();
	});

	it('refuses a wrong password with a message', async () => {
		const page = await e2e.browser.newPage();
		await page.goto(`${baseUrl()}/login`);
		await page.getByLabel('用户名').fill('planner');
		await page.getByLabel('密码').fill('not-the-password');
		await page.getByRole('button', { name: '登录' }).click();
		await expect(page.getByRole('alert').textContent()).resolves.toBe('用户名或密码错误');
		await page.close();
	});
});
