// The analysis map in Chromium: density totals follow the filters and the time slider exactly as the
// API counts them, and a coverage-gap layer shows the API's features.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, pageJson } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

const total = async (page: Page, expected: number) => {
	await page.waitForFunction(
		(n) => document.querySelector('[data-testid=density-total]')?.textContent === String(n),
		expected,
		{ timeout: 20_000 }
	);
	return expected;
};

describe('analysis map', () => {
	it('draws density with filters, a time slider and a gap layer', async () => {
		const page = await e2e.signedInPage('official');
		await page.goto(`${baseUrl()}/analysis`);
		await page.getByTestId('density-total').waitFor();
		// the whole city at zoom 10: the last 30 Beijing days, summed in the browser from the cube
		const today = new Date(Date.now() + 8 * 3600_000);
		const day = (d: number) => new Date(today.getTime() + d * 86_400_000).toISOString().slice(0, 10);
		const last30 = `from=${day(-29)}&to=${day(1)}`;
		const all = await pageJson<{ total: number; cells: unknown[] }>(
			page,
			`/api/analysis/density?zoom=10&${last30}`
		);
		expect(all.total).toBeGreaterThan(100);
		await total(page, all.total);
		expect(await page.getByTestId('density-cells').textContent()).toBe(String(all.cells.length));
		// the hexagons are deck.gl's (one polygon per cube cell), hotspots and gaps MapLibre's
		const drawn = await page.evaluate(() => {
			const w = window as unknown as {
				__analysisMap: { getStyle(): { layers: { id: string }[] } };
				__analysisMapDeck: { _deck: { props: { layers: { id: string; props: { data: unknown[] } }[] } } };
			};
			return {
				style: w.__analysisMap.getStyle().layers.map((l) => l.id),
				deck: w.__analysisMapDeck._deck.props.layers.map((l) => [l.id, l.props.data.length])
			};
		});
		expect(drawn.style).toEqual(expect.arrayContaining(['analysis-hotspots', 'analysis-gap-fill']));
		expect(drawn.style).not.toContain('analysis-hex');
		expect(drawn.deck).toHaveLength(1);
		expect(drawn.deck[0][0]).toBe('analysis-hex');
		expect(drawn.deck[0][1]).toBeGreaterThanOrEqual(all.cells.length);

		await page.getByLabel('类别').selectOption('water');
		const water = await pageJson<{ total: number }>(
			page,
			`/api/analysis/density?zoom=10&category=water&${last30}`
		);
		expect(water.total).toBeLessThan(all.total);
		await total(page, water.total);

		// by day: the slider starts at today; dragging it (input events) shows each step's counts as the
		// server counts them, with no request per step
		await page.getByLabel('按日').check();
		const step = async () => {
			const w = (await page.getByTestId('window').textContent())!.split(' → ');
			const want = await pageJson<{ total: number; cells: unknown[] }>(
				page,
				`/api/analysis/density?zoom=10&category=water&from=${w[0]}&to=${w[1]}`
			);
			await total(page, want.total);
			expect(await page.getByTestId('density-cells').textContent()).toBe(String(want.cells.length));
			return w;
		};
		const first = await step();
		let requests = 0;
		page.on('request', (r) => {
			if (r.url().includes('/api/analysis/density') || r.url().includes('/api/analysis/cube')) requests++;
		});
		await page.getByLabel('时间滑块').fill('58');
		const prev = await step();
		expect(prev[1]).toBe(first[0]);
		let stepped = 0;
		for (const k of ['40', '20']) {
			await page.getByLabel('时间滑块').fill(k);
			await step();
			stepped++;
		}
		expect(stepped).toBe(2);
		// only the test's own density requests were made (one per step compared), no cube reloads
		expect(requests).toBe(3);
		// all categories again: the same cube, summed anew
		await page.getByLabel('类别').selectOption('');
		const w = (await page.getByTestId('window').textContent())!.split(' → ');
		await total(
			page,
			(await pageJson<{ total: number }>(page, `/api/analysis/density?zoom=10&from=${w[0]}&to=${w[1]}`)).total
		);

		await page.getByLabel('缺口图层').selectOption('party');
		const gaps = await pageJson<{ features: unknown[] }>(page, '/api/coverage/party?format=geojson');
		expect(gaps.features.length).toBeGreaterThan(0);
		await page.waitForFunction(
			(n) => document.querySelector('[data-testid=gap-count]')?.textContent === String(n),
			gaps.features.length
		);
		await page.close();
	});

	it('answers 400 naming the field for a bad filter', async () => {
		const page = await e2e.signedInPage('planner');
		const r = await page.evaluate(async (b) => {
			const res = await fetch(`${b}/api/analysis/density?category=lava`);
			return { status: res.status, body: await res.json() };
		}, baseUrl());
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/^category/);
		// the playback cube: each bad parameter named, and a sound request answered in the binary format
		for (const [q, field] of [
			['from=2026-01-01&to=2026-02-30&zoom=10', 'to'],
			['from=2026-01-01&to=2026-02-01&zoom=3', 'zoom'],
			['from=2026-01-01&to=2026-02-01&zoom=10&status=lava', 'status']
		]) {
			const c = await page.evaluate(async (u) => {
				const res = await fetch(u);
				return { status: res.status, body: await res.json() };
			}, `${baseUrl()}/api/analysis/cube?${q}`);
			expect(c.status).toBe(400);
			expect(c.body.field).toBe(field);
		}
		const ok = await page.evaluate(async (u) => {
			const res = await fetch(u);
			const buf = await res.arrayBuffer();
			const hl = new DataView(buf).getUint32(0, true);
			return {
				status: res.status,
				type: res.headers.get('content-type'),
				header: JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, hl)))
			};
		}, `${baseUrl()}/api/analysis/cube?from=2026-01-01&to=2026-02-01&zoom=10`);
		expect(ok).toMatchObject({
			status: 200,
			type: 'application/vnd.redgrid.cube',
			header: { days: 31, zoom: 10 }
		});
		await page.close();
	});
});
