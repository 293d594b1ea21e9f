// Accounts over HTTP and in the browser: an admin creates a user, who must change the password at
// the first sign-in; disabling stops the session and the API key at once; a reset forces a change.
// The admin tables say in one line when they have no rows (the shared AdminTable).
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile({ db: true });
let admin: string;
beforeAll(async () => {
	admin = await sessionCookie('admin');
});

const call = (
	method: string,
	path: string,
	cookie?: string,
	body?: unknown,
	headers: Record<string, string> = {}
) =>
	fetch(`${baseUrl()}${path}`, {
		method,
		redirect: 'manual',
		headers: {
			...(cookie ? { cookie } : {}),
			...(body === undefined ? {} : { 'content-type': 'application/json', origin: baseUrl() }),
			...headers
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});

async function newUser(username: string, password = 'first-pass-123') {
	const res = await call('POST', '/api/admin/users', admin, {
		username,
		displayName: username,
		password,
		role: 'planner'
	});
	expect(res.status).toBe(201);
	return (await res.json()) as { id: number; version: number; mustChangePassword: boolean };
}

describe('accounts over HTTP', () => {
	it('a new user must change the password before anything else', async () => {
		const u = await newUser('http.new');
		expect(u.mustChangePassword).toBe(true);
		const cookie = await sessionCookie('http.new', 'first-pass-123');
		const blocked = await call('GET', '/api/areas', cookie);
		expect(blocked.status).toBe(403);
		expect((await blocked.json()).field).toBe('password');
		const page = await call('GET', '/dashboard', cookie);
		expect([page.status, page.headers.get('location')]).toEqual([303, '/account/password']);
		const bad = await call('POST', '/api/me/password', cookie, {
			currentPassword: 'first-pass-123',
			newPassword: 'short'
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).message).toMatch(/^newPassword/);
		const ok = await call('POST', '/api/me/password', cookie, {
			currentPassword: 'first-pass-123',
			newPassword: 'my-own-pass-123'
		});
		expect(ok.status).toBe(200);
		expect((await call('GET', '/api/areas', cookie)).status).toBe(200);
	});

	it("a disabled user's session and API key stop at once; a reset forces a new password", async () => {
		const u = await newUser('http.off');
		const cookie0 = await sessionCookie('http.off', 'first-pass-123');
		await call('POST', '/api/me/password', cookie0, {
			currentPassword: 'first-pass-123',
			newPassword: 'second-pass-123'
		});
		const cookie = await sessionCookie('http.off', 'second-pass-123');
		const keyRes = await call('POST', '/api/admin/api-keys', admin, { userId: u.id, label: 'test' });
		expect(keyRes.status).toBe(201);
		const { key, id: keyId } = await keyRes.json();
		expect((await call('GET', '/api/areas', cookie)).status).toBe(200);
		expect((await call('GET', '/api/areas', undefined, undefined, { 'x-api-key': key })).status).toBe(200);

		const list = (await (await call('GET', '/api/admin/users', admin)).json()) as {
			id: number;
			version: number;
		}[];
		const version = list.find((x) => x.id === u.id)!.version;
		const off = await call('PATCH', `/api/admin/users/${u.id}`, admin, { version, disabled: true });
		expect(off.status).toBe(200);
		expect((await call('GET', '/api/areas', cookie)).status).toBe(401);
		expect((await call('GET', '/api/areas', undefined, undefined, { 'x-api-key': key })).status).toBe(401);

		const on = await call('PATCH', `/api/admin/users/${u.id}`, admin, {
			version: (await off.json()).version,
			disabled: false
		});
		expect(on.status).toBe(200);
		expect((await call('GET', '/api/areas', undefined, undefined, { 'x-api-key': key })).status).toBe(200);
		expect((await call('DELETE', `/api/admin/api-keys/${keyId}`, admin, {})).status).toBe(200);
		expect((await call('GET', '/api/areas', undefined, undefined, { 'x-api-key': key })).status).toBe(401);

		const reset = await call('POST', `/api/admin/users/${u.id}/password`, admin, {
			password: 'reset-pass-123'
		});
		expect(reset.status).toBe(200);
		const after = await sessionCookie('http.off', 'reset-pass-123');
		expect((await call('GET', '/api/areas', after)).status).toBe(403);

		// the audit log has it all, and exports as CSV
		const csv = await (
			await call('GET', `/api/admin/audit?entity=users&entityId=${u.id}&format=csv`, admin)
		).text();
		for (const action of ['create', 'disable', 'enable', 'password_reset', 'login'])
			expect(csv).toContain(`,${action},`);
	});

	it('refuses non-admins and names the bad field', async () => {
		const official = await sessionCookie('official');
		expect((await call('GET', '/api/admin/users', official)).status).toBe(403);
		const res = await call('POST', '/api/admin/users', admin, {
			username: 'x',
			displayName: 'x',
			password: 'first-pass-123',
			role: 'planner'
		});
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(/^username/);
	});
});

describe('accounts in the browser', () => {
	it('an admin creates a user, who signs in and sets their own password', async () => {
		const page = await e2e.signedInPage('admin');
		await page.goto(`${baseUrl()}/admin`);
		const form = page.locator('form.new-user');
		await form.locator('[name=username]').fill('browser.user');
		await form.locator('[name=displayName]').fill('浏览器用户');
		await form.locator('[name=password]').fill('first-pass-123');
		await form.locator('[name=role]').selectOption('planner');
		await form.locator('button[type=submit]').click();
		await page.locator('tr[data-username="browser.user"]').waitFor();
		await page.close();

		const user = await e2e.browser.newPage();
		await signIn(user, 'browser.user', 'first-pass-123');
		await user.waitForURL(/\/account\/password/);
		await user.locator('[name=currentPassword]').fill('first-pass-123');
		await user.locator('[name=newPassword]').fill('my-browser-pass-1');
		await user.locator('[name=repeat]').fill('my-browser-pass-1');
		await user.locator('form.password button[type=submit]').click();
		await user.waitForURL(/\/map/);
		expect(await user.getByTestId('current-user').textContent()).toContain('浏览器用户');
		await user.close();
	});
});

describe('the webhooks page', () => {
	it('lists the webhooks and dead letters the API lists, or says in one line that there are none', async () => {
		const listed = async (path: string) =>
			((await (await call('GET', path, admin)).json()) as unknown[]).length;
		const tables = [
			{ testid: 'webhooks', n: await listed('/api/admin/webhooks'), none: '还没有推送地址，在上方添加' },
			{ testid: 'dead-letters', n: await listed('/api/admin/outbox'), none: '没有死信' }
		];
		const page = await e2e.signedInPage('admin', { viewport: { width: 1366, height: 768 } });
		await page.goto(`${baseUrl()}/admin/webhooks`);
		for (const { testid, n, none } of tables) {
			const rows = page.getByTestId(testid).locator('tbody tr');
			if (n === 0) {
				await rows.filter({ hasText: none }).waitFor();
				expect(await rows.count(), testid).toBe(1);
			} else {
				await rows.nth(n - 1).waitFor();
				expect(await rows.count(), testid).toBe(n);
				expect(await page.getByTestId(testid).getByText(none).count(), testid).toBe(0);
			}
		}
		if (process.env.REDGRID_SHOTS) {
			await page.screenshot({ path: `${process.env.REDGRID_SHOTS}/webhooks-1366.png`, fullPage: true });
			const phone = await e2e.browser.newPage({
				viewport: { width: 390, height: 844 },
				hasTouch: true,
				isMobile: true
			});
			await signIn(phone, 'admin');
			await phone.goto(`${baseUrl()}/admin/webhooks`);
			await phone.getByTestId('dead-letters').locator('tbody tr').first().waitFor();
			await phone.screenshot({ path: `${process.env.REDGRID_SHOTS}/webhooks-390.png`, fullPage: true });
			await phone.close();
		}
		await page.close();
	});
});

describe('the admin tables', () => {
	it('say in one line, in Chinese or English, that a table has no rows, and drop the line when a row comes', async () => {
		// the working-day calendar and the API keys emptied for this test, and put back after it
		const sql = e2e.sql;
		await sql.query('CREATE TEMP TABLE kept_calendar AS SELECT * FROM working_calendar');
		await sql.query('CREATE TEMP TABLE kept_keys AS SELECT * FROM api_keys');
		const kept = Number((await sql.query('SELECT count(*) AS n FROM kept_calendar')).rows[0].n);
		const page = await e2e.signedInPage('admin', { viewport: { width: 1366, height: 768 } });
		try {
			await sql.query('DELETE FROM working_calendar');
			await sql.query('DELETE FROM api_keys');
			const rowsOf = (testid: string) => page.getByTestId(testid).locator('tbody tr');

			await page.goto(`${baseUrl()}/admin/calendar`);
			const noDays = '暂无节假日或调休安排：周一至周五均按工作日计算';
			await rowsOf('calendar').filter({ hasText: noDays }).waitFor();
			expect(await rowsOf('calendar').count()).toBe(1);
			if (process.env.REDGRID_SHOTS)
				await page.screenshot({
					path: `${process.env.REDGRID_SHOTS}/calendar-empty-1366.png`,
					fullPage: true
				});
			// a holiday added through the form takes the line's place; removed, the line is back
			const form = page.getByRole('form', { name: '添加' });
			await form.locator('input[type=date]').fill('2031-10-01');
			await form.getByRole('button', { name: '添加' }).click();
			await rowsOf('calendar').filter({ hasText: '2031-10-01' }).waitFor();
			expect(await rowsOf('calendar').count()).toBe(1);
			expect(await page.getByTestId('calendar').getByText(noDays).count()).toBe(0);
			await rowsOf('calendar').getByRole('button', { name: '移除' }).click();
			await rowsOf('calendar').filter({ hasText: noDays }).waitFor();
			expect(Number((await sql.query('SELECT count(*) AS n FROM working_calendar')).rows[0].n)).toBe(0);

			await page.goto(`${baseUrl()}/admin/api-keys`);
			await rowsOf('api-keys').filter({ hasText: '暂无 API 密钥，在上方签发' }).waitFor();
			expect(await rowsOf('api-keys').count()).toBe(1);
			if (process.env.REDGRID_SHOTS) {
				const phone = await e2e.signedInPage('admin', {
					viewport: { width: 390, height: 844 },
					hasTouch: true,
					isMobile: true
				});
				await phone.goto(`${baseUrl()}/admin/api-keys`);
				await phone.getByText('暂无 API 密钥，在上方签发').waitFor();
				await phone.screenshot({
					path: `${process.env.REDGRID_SHOTS}/api-keys-empty-390.png`,
					fullPage: true
				});
				await phone.close();
			}

			// the audit log is never empty here: filters that match nothing say so
			await page.goto(`${baseUrl()}/admin/audit`);
			await rowsOf('audit').filter({ hasText: 'admin' }).first().waitFor();
			await page.locator('form.filters [name=entity]').fill('no-such-entity');
			await page.locator('form.filters button[type=submit]').click();
			await rowsOf('audit').filter({ hasText: '没有符合筛选条件的审计记录' }).waitFor();
			expect(await rowsOf('audit').count()).toBe(1);

			await page.context().addCookies([{ name: 'redgrid_lang', value: 'en', url: baseUrl() }]);
			await page.goto(`${baseUrl()}/admin/calendar`);
			await rowsOf('calendar')
				.filter({
					hasText: 'No holidays or make-up working days yet: Monday to Friday count as working days'
				})
				.waitFor();
			expect(await rowsOf('calendar').count()).toBe(1);
		} finally {
			await page.close();
			await sql.query(
				'INSERT INTO working_calendar SELECT * FROM kept_calendar ON CONFLICT (day) DO NOTHING'
			);
			await sql.query('INSERT INTO api_keys SELECT * FROM kept_keys');
			await sql.query('DROP TABLE kept_calendar, kept_keys');
		}
		expect(Number((await sql.query('SELECT count(*) AS n FROM working_calendar')).rows[0].n)).toBe(kept);
	});
});
