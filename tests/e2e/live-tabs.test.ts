// One live stream per browser, however many tabs: eight tabs of /tickets in one browser all load
// and keep answering, over a single /api/events connection (a browser allows six per origin).
import { describe, expect, it } from 'vitest';
import { baseUrl, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

describe('live events across tabs', () => {
	it('eight tabs share one event stream and every tab stays responsive', async () => {
		const ctx = await e2e.browser.newContext();
		// event streams open now: started and not yet finished (a page left closes its stream)
		let open = 0;
		const isStream = (url: string) => new URL(url).pathname === '/api/events';
		ctx.on('request', (r) => void (isStream(r.url()) && open++));
		ctx.on('requestfinished', (r) => void (isStream(r.url()) && open--));
		ctx.on('requestfailed', (r) => void (isStream(r.url()) && open--));
		const first = await ctx.newPage();
		await signIn(first, 'official');
		const tabs = [first];
		for (let i = 1; i < 8; i++) tabs.push(await ctx.newPage());
		// one after the other: with a stream per tab, the seventh would never load (six connections
		// per origin); the generous timeouts are for a loaded machine, not for that hang
		for (const tab of tabs) {
			await tab.goto(`${baseUrl()}/tickets`, { timeout: 90_000 });
			await tab.locator('tbody tr').first().waitFor({ timeout: 90_000 });
		}
		// the last tab's own API calls still go through at once
		const t0 = Date.now();
		const n = await tabs[7].evaluate(async () => (await (await fetch('/api/tickets?limit=5')).json()).length);
		expect(n).toBe(5);
		expect(Date.now() - t0).toBeLessThan(5000);
		expect(open).toBe(1);
		await ctx.close();
	}, 600_000);
});
