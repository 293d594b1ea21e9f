// The app on a phone (390 × 844, touch): every page a grid worker can open has sign-out on top of
// everything and nothing wider than the screen; every control of every page they reach (the login,
// the map with its layer panel, the ticket list, a ticket's detail and the report form, /my-grid,
// their password, the 403 page; the governance pages for officials) is at least 44 × 44 px; each role sees only links to pages it may
// open, and the notification bell only when it may call the bell's routes; the 403 page and a server refusal read in Chinese first and in English after the switch.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { baseUrl, DEMO_USER, sessionCookie, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';
import { hasBell, pagesFor } from '../../src/lib/server/auth/pages';
import type { Role } from '../../src/lib/server/auth/roles';

const e2e = e2eFile();

const PHONE = { width: 390, height: 844 };

async function phone(geo?: { longitude: number; latitude: number }): Promise<BrowserContext> {
	return e2e.browser.newContext({
		viewport: PHONE,
		isMobile: true,
		hasTouch: true,
		permissions: ['geolocation'],
		geolocation: { ...(geo ?? { longitude: 114.985, latitude: 27.11 }), accuracy: 8 }
	});
}

/** Visible elements sticking out of the viewport (outside any sideways-scrolling box). */
const tooWide = (page: Page) =>
	page.evaluate((vw) => {
		const out: string[] = [];
		const scrolls = (e: Element | null): boolean => {
			for (let p = e?.parentElement; p; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
			}
			return false;
		};
		for (const e of document.body.querySelectorAll('*')) {
			const r = e.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue;
			if ((r.right > vw + 1 || r.left < -1) && !scrolls(e))
				out.push(`${e.tagName.toLowerCase()}.${e.className} ${Math.round(r.left)}–${Math.round(r.right)}`);
		}
		return { scrollWidth: document.documentElement.scrollWidth, out };
	}, PHONE.width);

/** Visible controls smaller than 44 × 44 px inside `root` (a checkbox's or file input's target: its label). */
const tooSmall = (page: Page, root: string) =>
	page.evaluate((sel) => {
		const out: string[] = [];
		for (const root of document.querySelectorAll(sel))
			for (const c of root.querySelectorAll('a[href], button, select, summary, input:not([type=hidden])')) {
				const e = (c.matches('[type=checkbox], [type=radio], [type=file]') && c.closest('label')) || c;
				const r = e.getBoundingClientRect();
				const s = getComputedStyle(e);
				if (r.width === 0 || s.visibility === 'hidden') continue;
				if (r.width < 43.5 || r.height < 43.5)
					out.push(
						`${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 20)}" ${r.width.toFixed(0)}×${r.height.toFixed(0)}`
					);
			}
		return out;
	}, root);

/** The control at the centre of a locator's box is the locator's element (nothing covers it). */
async function onTop(page: Page, selector: string) {
	return page.evaluate((sel) => {
		const e = document.querySelector(sel)!;
		const r = e.getBoundingClientRect();
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return !!hit && (hit === e || e.contains(hit));
	}, selector);
}

describe('the app on a phone', () => {
	it('gives a grid worker sign-out on top and no sideways scrolling on every page they can open', async () => {
		const ctx = await phone();
		const page = await ctx.newPage();
		await signIn(page, 'gridworker');
		const menu = page.getByRole('button', { name: '菜单', exact: true });
		const nav = page.getByRole('navigation', { name: 'main' });
		await menu.tap();
		const links = await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
		// the worker's pages: no dashboard (its data is for staff), /my-grid for patrol coverage
		expect(links).toEqual(['/map', '/tickets', '/my-grid']);
		for (const href of links) {
			await page.goto(`${baseUrl()}${href}`);
			await page.waitForLoadState('networkidle').catch(() => {});
			await page.waitForTimeout(800);
			const wide = await tooWide(page);
			expect(wide.scrollWidth, href).toBeLessThanOrEqual(PHONE.width);
			expect(wide.out, href).toEqual([]);
			expect(await tooSmall(page, 'main'), href).toEqual([]);
			// the bar and, in the menu, sign-out: big enough and not covered by the page
			expect(await tooSmall(page, 'header.shell'), href).toEqual([]);
			await menu.tap();
			const signOut = page.getByRole('button', { name: '退出登录' });
			await signOut.waitFor();
			expect(await onTop(page, 'header .signout'), href).toBe(true);
			expect(await tooSmall(page, 'header.shell'), href).toEqual([]);
			await menu.tap();
		}
		// the map's layer panel folds on a phone; opened, its checkboxes' labels are big enough
		await page.goto(`${baseUrl()}/map`);
		const layers = page.locator('details.layers');
		expect(await layers.getAttribute('open')).toBeNull();
		await layers.locator('summary').tap();
		await layers.getByRole('checkbox').first().waitFor();
		expect(await tooSmall(page, 'main'), 'map layers').toEqual([]);
		// a ticket's detail and the report form
		await page.goto(`${baseUrl()}/tickets`);
		await page.locator('table tbody tr button').first().tap();
		await page.getByRole('heading', { name: '责任链' }).waitFor();
		expect(await tooSmall(page, 'main'), 'ticket detail').toEqual([]);
		await page.getByRole('button', { name: '上报问题' }).tap();
		await page.getByRole('button', { name: '在地图上选点' }).waitFor();
		expect(await tooSmall(page, 'main'), 'report form').toEqual([]);
		// the password page and the 403 page
		for (const href of ['/account/password', '/dashboard']) {
			await page.goto(`${baseUrl()}${href}`);
			await page.waitForLoadState('networkidle').catch(() => {});
			expect(await tooSmall(page, 'body'), href).toEqual([]);
		}
		// /my-grid: every control of the page at least 44 × 44
		await page.goto(`${baseUrl()}/my-grid`);
		await page.getByRole('button', { name: '开始巡查' }).waitFor();
		await page.locator('.cards .card').first().tap();
		await page.getByRole('group', { name: '工单操作' }).first().waitFor();
		expect(await tooSmall(page, 'main')).toEqual([]);
		// and sign out from the menu
		await menu.tap();
		await page.getByRole('button', { name: '退出登录' }).tap();
		await page.waitForURL(/\/login/);
		await ctx.close();
	}, 240_000);

	it('gives an official 44 px controls and no sideways scrolling on the governance pages (三方联动)', async () => {
		const cookie = await sessionCookie('official');
		const hits = await (
			await fetch(`${baseUrl()}/api/search?q=${encodeURIComponent('城建花苑')}`, { headers: { cookie } })
		).json();
		const cj = hits.find(
			(h: { layer: string; name: string }) => h.layer === 'compounds' && h.name === '城建花苑'
		);
		const ctx = await phone();
		const page = await ctx.newPage();
		await signIn(page, 'official');
		// a compound: its committee, meetings with their decisions, and the meeting form open
		await page.goto(`${baseUrl()}/governance?compound=${cj.id}`);
		await page.getByTestId('compound-name').waitFor();
		await page.getByTestId('record-meeting').tap();
		await page.locator('form.entity-form[data-entity="meetings"]').waitFor();
		expect(await tooSmall(page, 'main')).toEqual([]);
		const wide = await tooWide(page);
		expect(wide.scrollWidth).toBeLessThanOrEqual(PHONE.width);
		expect(wide.out).toEqual([]);
		// the area's figures, per-quarter table and gaps
		await page.goto(`${baseUrl()}/governance`);
		await page.getByTestId('governance-quarters').waitFor();
		expect(await tooSmall(page, 'main')).toEqual([]);
		expect((await tooWide(page)).out).toEqual([]);
		await ctx.close();
	}, 240_000);

	it('shows each role only the links of pages it may open, and each opens', async () => {
		const seen: Record<string, string[]> = {};
		for (const [role, username] of Object.entries(DEMO_USER)) {
			const page = await e2e.browser.newPage({ viewport: { width: 1366, height: 768 } });
			await signIn(page, username);
			const nav = page.getByRole('navigation', { name: 'main' });
			await nav.getByRole('link').first().waitFor();
			const hrefs = await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
			expect(hrefs, role).toEqual(pagesFor(role as Role).map((p) => p.href));
			// the notification bell too follows the route policy
			expect(await page.getByTestId('bell').count(), `${role} bell`).toBe(hasBell(role as Role) ? 1 : 0);
			seen[role] = hrefs;
			// every link opens (no refusal page)
			const cookie = await sessionCookie(username);
			for (const href of hrefs) {
				const res = await fetch(`${baseUrl()}${href}`, { headers: { cookie }, redirect: 'manual' });
				expect(res.status, `${role} ${href}`).toBe(200);
			}
			await page.close();
		}
		expect(seen.grid_worker).not.toContain('/dashboard');
		expect(seen.steward).toEqual(['/map', '/tickets', '/my-grid']);
		expect(seen.planner).toEqual(['/map', '/dashboard', '/companies', '/planning', '/governance']);
		expect(seen.official).toContain('/patrols');
		expect(seen.official).not.toContain('/my-grid');
	}, 240_000);

	it('shows the 403 page in Chinese, then in English after the switch, and a server refusal in English', async () => {
		const ctx = await phone();
		const page = await ctx.newPage();
		await signIn(page, 'gridworker');
		// refused before any page code runs: the server's error page, in the interface language
		const res = await page.goto(`${baseUrl()}/dashboard`);
		expect(res!.status()).toBe(403);
		await page.getByRole('heading', { name: '出错了（403）' }).waitFor();
		expect(await page.locator('#text').textContent()).toBe('您的角色无权进行此操作');
		await page.getByRole('button', { name: 'English' }).tap();
		await page.getByRole('heading', { name: 'Something went wrong (403)' }).waitFor();
		expect(await page.locator('#text').textContent()).toBe('Your role may not do this');
		// the choice stays for the next page
		await page.goto(`${baseUrl()}/my-grid`);
		await page.getByRole('heading', { name: 'My grid' }).waitFor();
		// and a server refusal reads in English, with its reason (params.reason), not the code's generic sentence
		await page.goto(`${baseUrl()}/tickets`);
		await page.getByRole('button', { name: 'Report an issue' }).tap();
		const form = page.getByRole('form', { name: 'Report an issue' });
		await form.getByLabel('Category').selectOption('elevator');
		await form.getByLabel('Longitude').fill('121.47');
		await form.getByLabel('Latitude').fill('31.23');
		await form.getByLabel('Description').fill('电梯困人');
		await form.getByRole('button', { name: 'Submit' }).tap();
		await expect
			.poll(() => form.getByRole('alert').textContent(), { timeout: 15_000 })
			.toBe('Location: this point is outside the city');
		await ctx.close();
	});
});
