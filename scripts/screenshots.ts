// `npm run screenshots`: the README's pictures of the main pages of the demo city, made in Debian's
// Chromium (it and the Noto CJK fonts installed when missing, so Chinese renders) on a throwaway database and a
// fresh build: desktop pages at 1366 × 768, /my-grid on a 390 × 844 touch screen. Writes
// docs/screenshots/*.png. Run it again when a page changes.
import './lib/one-line-errors';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { benchEnv, launchBrowser, log } from './bench/lib';

const OUT = path.resolve('docs/screenshots');

/** Waits until the page's map (if any) has drawn: MapLibre's `idle` exposed by MapView, or 8 s. */
async function settle(page: Page) {
	await page.waitForLoadState('networkidle').catch(() => {});
	await page
		.waitForFunction(
			() => document.querySelector('[data-map-state="idle"], [data-map-ready="true"]') !== null,
			null,
			{
				timeout: 8000
			}
		)
		.catch(() => {});
	await page.waitForTimeout(1500);
}

async function signedIn(ctx: BrowserContext, base: string, username: string): Promise<Page> {
	const page = await ctx.newPage();
	const res = await page.request.post(`${base}/api/session`, {
		data: { username, password: 'redgrid-demo' },
		headers: { origin: base }
	});
	if (!res.ok()) throw new Error(`sign-in as ${username} failed: ${res.status()}`);
	return page;
}

const shots: { file: string; user: string; path: string; phone?: boolean }[] = [
	{ file: 'map.png', user: 'official', path: '/map' },
	{ file: 'dashboard.png', user: 'official', path: '/dashboard' },
	{ file: 'tickets.png', user: 'official', path: '/tickets' },
	{ file: 'companies.png', user: 'official', path: '/companies' },
	{ file: 'analysis.png', user: 'official', path: '/analysis' },
	{ file: 'planning.png', user: 'planner', path: '/planning' },
	{ file: 'my-grid-phone.png', user: 'gridworker', path: '/my-grid', phone: true }
];

mkdirSync(OUT, { recursive: true });
const env = await benchEnv({ app: true });
const browser = await launchBrowser();
try {
	const base = env.app!.base;
	for (const s of shots) {
		const ctx = await browser.newContext(
			s.phone
				? {
						viewport: { width: 390, height: 844 },
						isMobile: true,
						hasTouch: true,
						deviceScaleFactor: 2,
						geolocation: { longitude: 114.985, latitude: 27.115 },
						permissions: ['geolocation']
					}
				: { viewport: { width: 1366, height: 768 } }
		);
		const page = await signedIn(ctx, base, s.user);
		await page.goto(`${base}${s.path}`);
		await settle(page);
		await page.screenshot({ path: path.join(OUT, s.file) });
		log(`${s.file}: ${s.path} as ${s.user}`);
		await ctx.close();
	}
} finally {
	await browser.close();
	await env.dispose();
}
