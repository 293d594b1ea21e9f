// The dashboard in Chromium: KPIs equal the API's, charts render and export, tables export to CSV,
// a drill-down click changes the area, the coverage tabs list what the API lists.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { baseUrl, pageJson } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

describe('dashboard', () => {
	it('shows the city KPIs, charts, and drills down to a district', async () => {
		const page = await e2e.signedInPage('official', { acceptDownloads: true });
		await page.goto(`${baseUrl()}/dashboard`);
		await page.getByRole('button', { name: '吉州区' }).waitFor();
		expect(await page.getByTestId('area-name').textContent()).toBe('吉安市');
		const city = await pageJson<{ kpis: { open: number }; children: unknown[] }>(
			page,
			'/api/analysis/dashboard'
		);
		expect(await page.getByTestId('kpi-open').textContent()).toBe(city.kpis.open.toLocaleString('zh-CN'));
		expect(await page.getByTestId('ranking').locator('tbody tr').count()).toBe(city.children.length);
		// both charts are drawn (a blank canvas exports a tiny PNG) and export as PNG
		await page.getByText('各类工单数量').waitFor();
		expect(await page.locator('canvas').count()).toBe(2);
		const [png] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: '导出 PNG' }).first().click()
		]);
		expect(png.suggestedFilename()).toBe('tickets-360800.png');
		const pngBytes = readFileSync((await png.path())!);
		expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
		expect(pngBytes.length).toBeGreaterThan(3000);
		// the ranking exports to CSV with one line per district
		const [csv] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: '导出 CSV' }).click()
		]);
		const text = readFileSync((await csv.path())!, 'utf8');
		expect(text.trim().split('\r\n').length).toBe(1 + city.children.length);
		expect(text).toContain('吉州区');
		// drill down
		await page.getByRole('button', { name: '吉州区' }).click();
		await page.waitForFunction(
			() => document.querySelector('[data-testid=area-name]')?.textContent === '吉州区'
		);
		const jz = await pageJson<{ area: { id: number }; children: unknown[] }>(
			page,
			'/api/analysis/dashboard?area=' +
				(await pageJson<{ id: number; code: string }[]>(page, '/api/areas?level=district')).find(
					(a) => a.code === '360802'
				)!.id
		);
		expect(await page.getByTestId('ranking').locator('tbody tr').count()).toBe(jz.children.length);
		// the party tab lists the uncovered companies of 吉州区, as the API does
		await page.getByRole('tab', { name: '党组织覆盖' }).click();
		await page.getByTestId('uncovered').waitFor();
		const party = await pageJson<{ uncovered: { name: string }[] }>(
			page,
			`/api/coverage/party?area=${jz.area.id}`
		);
		expect(await page.getByTestId('uncovered').locator('tbody tr').count()).toBe(party.uncovered.length);
		expect(await page.getByTestId('uncovered').locator('tbody tr').first().textContent()).toContain(
			party.uncovered[0].name
		);
		// facilities say how reach is measured
		await page.getByRole('tab', { name: '设施覆盖' }).click();
		await page.getByTestId('facility-method').getByText('可达性按路网步行距离计算').waitFor();
		// and which share of each type's households the network measured
		await page.getByTestId('facility-coverage').getByText('按路网计算').waitFor();
		expect(await page.getByTestId('facility-coverage').locator('tbody tr').count()).toBe(10);
		await page.close();
	});

	it('shows patrols per area, drills into one, and lists the least patrolled cells with how many there are', async () => {
		const page = await e2e.signedInPage('official');
		await page.goto(`${baseUrl()}/dashboard?tab=patrol`);
		await page.getByTestId('patrol-areas').waitFor();
		const city = await pageJson<{
			children: { area: { id: number; name: string }; unchecked: number }[];
			cells: unknown[];
			cellsTotal: number;
		}>(page, '/api/coverage/patrol');
		expect(await page.getByTestId('patrol-areas').locator('tbody tr').count()).toBe(city.children.length);
		expect(await page.getByTestId('patrol-cells').locator('tbody tr').count()).toBe(city.cells.length);
		// the demo city has more cells than one list holds: the page says how many it shows of how many
		expect(city.cellsTotal).toBeGreaterThan(city.cells.length);
		expect(await page.getByTestId('patrol-cells-cut').textContent()).toContain(
			`${city.cells.length} 个网格（共 ${city.cellsTotal} 个）`
		);
		// drill into the first area: its own cells
		const first = city.children[0].area;
		await page.getByRole('button', { name: first.name }).click();
		await page.waitForFunction(
			(name) => document.querySelector('[data-testid=area-name]')?.textContent === name,
			first.name
		);
		const own = await pageJson<{ cells: { name: string }[] }>(page, `/api/coverage/patrol?area=${first.id}`);
		await page.getByTestId('patrol-cells').getByText(own.cells[0].name, { exact: false }).first().waitFor();
		expect(await page.getByTestId('patrol-cells').locator('tbody tr').count()).toBe(own.cells.length);
		await page.close();
	});

	it('refuses a district official the city KPIs and other districts', async () => {
		const page = await e2e.signedInPage('jizhou');
		await page.goto(`${baseUrl()}/dashboard`);
		await page.getByTestId('area-name').waitFor();
		const r = await page.evaluate(async () => {
			const areas = await (await fetch('/api/areas?level=district')).json();
			const other = areas.find((a: { code: string }) => a.code !== '360802');
			return (await fetch(`/api/analysis/dashboard?area=${other.id}`)).status;
		});
		expect(r).toBe(403);
		expect(await page.getByRole('button', { name: '返回上级' }).count()).toBe(0);
		await page.close();
	});
});
