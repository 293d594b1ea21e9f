import { describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

describe('tickets in the browser', () => {
	it('a ticket filed in one browser appears in another browser within 2 s, and bad input names the field', async () => {
		const watcher = await e2e.signedInPage('official');
		await watcher.goto(`${baseUrl()}/tickets`);
		await watcher.locator('tbody tr').first().waitFor();
		// give the event stream a moment to connect
		await watcher.waitForTimeout(500);

		const reporter = await e2e.signedInPage('admin');
		await reporter.goto(`${baseUrl()}/tickets`);
		// counts need a session (anonymous /api/health says only up or down)
		const admin = { headers: { cookie: await sessionCookie('admin') } };
		const health = await (await fetch(`${baseUrl()}/api/health`, admin)).json();
		await reporter.getByRole('button', { name: '上报问题' }).click();
		const form = reporter.getByRole('form', { name: '上报问题' });
		await form.getByLabel('类别').selectOption('elevator');
		await form.getByLabel('经度').fill('121.47');
		await form.getByLabel('纬度').fill('31.23');
		await form.getByLabel('问题描述').fill('<b>电梯</b>困人，请尽快处理');
		await form.getByRole('button', { name: '提交' }).click();
		await expect(form.getByRole('alert').textContent()).resolves.toBe('位置：该点不在本市范围内'); // the server's reason, in the interface language

		// a point of an open ticket lies inside the city
		const point = await reporter.evaluate(async () => {
			const t = await (await fetch('/api/tickets?status=open&limit=1')).json();
			return [t[0].lon, t[0].lat];
		});
		await form.getByLabel('经度').fill(String(point[0]));
		await form.getByLabel('纬度').fill(String(point[1]));
		const filedAt = Date.now();
		await form.getByRole('button', { name: '提交' }).click();
		const notice = reporter.getByRole('status').filter({ hasText: '已受理' });
		await notice.waitFor();
		const code = /GD\d{15}/.exec((await notice.textContent()) ?? '')![0];

		// the watcher's list shows it without a reload, within 2 s of filing
		await watcher.getByRole('button', { name: code }).waitFor({ timeout: 2000 });
		expect(Date.now() - filedAt).toBeLessThan(2500);
		await watcher.getByRole('button', { name: code }).click();
		const detail = watcher.getByRole('article', { name: code });
		// the description is shown as text, never as HTML
		await expect(detail.locator('.desc').textContent()).resolves.toBe('<b>电梯</b>困人，请尽快处理');
		expect(await detail.locator('.desc b').count()).toBe(0);
		const after = await (await fetch(`${baseUrl()}/api/health`, admin)).json();
		expect(after.counts.tickets).toBe(health.counts.tickets + 1);
	});
});
