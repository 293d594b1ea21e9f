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
		// the whole city at zoom 10 (no bbox below the hexagon zoom)
		const all = await pageJson<{ total: number; cells: unknown[] }>(page, '/api/analysis/density?zoom=10');
		expect(all.total).toBeGreaterThan(100);
		await total(page, all.total);
		expect(await page.getByTestId('density-cells').textContent()).toBe(String(all.cells.length));
		// the map has drawn the heatmap layer
		const layers = await page.evaluate(() =>
			(window as unknown as { __analysisMap: { getStyle(): { layers: { id: string }[] } } }).__analysisMap
				.getStyle()
				.layers.map((l) => l.id)
		);
		expect(layers).toEqual(expect.arrayContaining(['analysis-heat', 'analysis-hex', 'analysis-hotspots']));

		await page.getByLabel('类别').selectOption('water');
		const water = await pageJson<{ total: number }>(page, '/api/analysis/density?zoom=10&category=water');
		expect(water.total).toBeLessThan(all.total);
		await total(page, water.total);

		// by day: the slider starts at today; step back one day
		await page.getByLabel('按日').check();
		const day = (await page.getByTestId('window').textContent())!.split(' → ');
		await total(
			page,
			(
				await pageJson<{ total: number }>(
					page,
					`/api/analysis/density?zoom=10&category=water&from=${day[0]}&to=${day[1]}`
				)
			).total
		);
		await page.getByLabel('时间滑块').fill('58');
		await page.getByLabel('时间滑块').dispatchEvent('change');
		const prev = (await page.getByTestId('window').textContent())!.split(' → ');
		expect(prev[1]).toBe(day[0]);
		await total(
			page,
			(
				await pageJson<{ total: number }>(
					page,
					`/api/analysis/density?zoom=10&category=water&from=${prev[0]}&to=${prev[1]}`
				)
			).total
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
		await page.close();
	});
});
