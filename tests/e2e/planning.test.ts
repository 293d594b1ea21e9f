// Facility siting end to end: the HTTP API (202 + polling, exports, 400s naming the field, runs kept
// to their owner), then a planner in Chromium runs red_station / 10-minute / k = 3 on grid candidates
// and sees three numbered sites on the map and the before / after figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie } from '../setup/browser';
import { e2eFile } from '../setup/e2e';
import { screenshotPixels } from '../setup/map-pixels';

const e2e = e2eFile({ db: true });
const cookies: Record<string, string> = {};
let jizhou: number;

beforeAll(async () => {
	for (const u of ['planner', 'official', 'admin']) cookies[u] = await sessionCookie(u);
	jizhou = (await e2e.sql.query(`SELECT id FROM areas WHERE code = '360802'`)).rows[0].id;
});

const post = (body: unknown, user = 'planner') =>
	fetch(`${baseUrl()}/api/siting`, {
		method: 'POST',
		headers: { cookie: cookies[user], 'content-type': 'application/json', origin: baseUrl() },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
const get = (path: string, user = 'planner') =>
	fetch(`${baseUrl()}${path}`, { headers: { cookie: cookies[user] } });

async function finished(id: string) {
	for (let i = 0; i < 200; i++) {
		const r = await (await get(`/api/siting/${id}`)).json();
		if (r.status === 'done' || r.status === 'failed') return r;
		await new Promise((res) => setTimeout(res, 150));
	}
	throw new Error('siting run did not finish');
}

/**
 * Households of Jizhou reached by a red station, building by building by its rule: measured on the
 * walking network (building_walk rule 'network', pgRouting's walks) distance ≤ walk_m; otherwise
 * geodesic distance × detour ≤ walk_m.
 */
async function jizhouBefore(): Promise<number> {
	const { rows } = await e2e.sql.query(
		`SELECT coalesce(sum(b.households), 0)::int AS n FROM buildings b JOIN compounds c ON c.id = b.compound_id
		 JOIN facility_reach r ON r.type = 'red_station'
		 LEFT JOIN building_walk w ON w.building_id = b.id AND w.type = r.type
		 WHERE b.retired_at IS NULL AND c.retired_at IS NULL AND c.community_id IN (SELECT id FROM areas WHERE $1::int = ANY(path))
		   AND CASE WHEN w.rule = 'network' THEN w.distance_m <= r.walk_m
		     ELSE EXISTS (SELECT 1 FROM facilities f
		       WHERE f.type = r.type AND f.retired_at IS NULL
		         AND ST_Distance(f.geom::geography, ST_PointOnSurface(b.geom)::geography) * r.detour <= r.walk_m) END`,
		[jizhou]
	);
	return rows[0].n;
}

describe('siting API', () => {
	it('answers 202, then progress and the result; exports GeoJSON and CSV', async () => {
		const res = await post({
			type: 'red_station',
			lifeCircle: '10min',
			k: 3,
			areaId: jizhou,
			candidates: { kind: 'grid', spacing: 300 }
		});
		expect(res.status).toBe(202);
		const { id, href } = await res.json();
		expect(href).toBe(`/api/siting/${id}`);
		const run = await finished(id);
		expect(run.status).toBe('done');
		expect(run.result.sites).toHaveLength(3);
		expect(run.result.totals.before).toBe(await jizhouBefore());
		expect(run.result.totals.after).toBe(
			run.result.totals.before +
				run.result.sites.reduce((a: number, s: { addedHouseholds: number }) => a + s.addedHouseholds, 0)
		);

		const gj = await get(`/api/siting/${id}.geojson`);
		expect(gj.status).toBe(200);
		expect(gj.headers.get('content-type')).toBe('application/geo+json');
		expect(gj.headers.get('content-disposition')).toMatch(
			/attachment; filename="siting-red_station-.+\.geojson"/
		);
		const fc = await gj.json();
		expect(fc.features.map((f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates)).toEqual(
			run.result.sites.map((s: { lon: number; lat: number }) => [
				Number(s.lon.toFixed(7)),
				Number(s.lat.toFixed(7))
			])
		);
		const csv = await get(`/api/siting/${id}?format=csv`);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		const lines = (await csv.text())
			.replace(/^\uFEFF/, '')
			.trimEnd()
			.split('\r\n');
		expect(lines).toHaveLength(4);
		expect(lines[1].split(',')[6]).toBe(String(run.result.sites[0].addedHouseholds));

		// only its owner (or an admin) sees a run
		expect((await get(`/api/siting/${id}`, 'official')).status).toBe(404);
		expect((await get(`/api/siting/${id}`, 'admin')).status).toBe(200);
	});

	it('refuses bad input with 400 naming the field', async () => {
		const base = { type: 'red_station', k: 3, areaId: jizhou, candidates: { kind: 'grid', spacing: 300 } };
		const cases: [unknown, string][] = [
			['{not json', 'body'],
			[{ ...base, k: 0 }, 'k'],
			[{ ...base, walkM: -1 }, 'walkM'],
			[{ ...base, type: 'spa' }, 'type'],
			[{ ...base, areaId: undefined, candidates: { kind: 'grid', spacing: 50 } }, 'candidates.spacing'],
			[
				{
					...base,
					candidates: {
						kind: 'geojson',
						geojson: {
							type: 'FeatureCollection',
							features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [115, 95] } }]
						}
					}
				},
				'candidates.geojson[0]'
			]
		];
		for (const [body, field] of cases) {
			const res = await post(body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect((await res.json()).field).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}`));
		}
		expect((await get('/api/siting/not-a-run')).status).toBe(400);
		expect((await get('/api/siting/0f8fad5b-d9cb-469f-a165-70867728950e')).status).toBe(404);
	});
});

describe('planning page', () => {
	it('a planner runs red_station, 10-minute, k = 3 on a grid and sees the sites on the map', async () => {
		const page = await e2e.signedInPage('planner', { viewport: { width: 1366, height: 768 } });
		await page.goto(`${baseUrl()}/planning`);
		await page.waitForFunction(
			() => (window as unknown as { __planningMap?: { loaded(): boolean } }).__planningMap?.loaded(),
			undefined,
			{ timeout: 60_000 }
		);
		await page.locator('select[name=type]').selectOption('red_station');
		await page.locator('select[name=level]').selectOption('10min');
		await page.locator('input[name=k]').fill('3');
		await page.locator('select[name=district] option', { hasText: '吉州区' }).waitFor({ state: 'attached' });
		await page.locator('select[name=district]').selectOption({ label: '吉州区' });
		await page.locator('input[name=cand][value=grid]').check();
		await page.locator('input[name=spacing]').fill('300');
		// the grid preview: the very candidates the run will use
		await page.locator('input[name=showGrid]').check();
		const grid = await (await get(`/api/siting/grid?areaId=${jizhou}&spacing=300`)).json();
		expect(grid.length).toBeGreaterThan(10);
		await expect
			.poll(() => page.locator('[data-testid=grid-count]').textContent(), { timeout: 30_000 })
			.toMatch(new RegExp(`\\b${grid.length.toLocaleString('en')}\\b`));
		await page.getByRole('button', { name: /^(开始选址|Run siting)$/ }).click();

		await page.locator('[data-testid=site-row]').nth(2).waitFor({ timeout: 60_000 });
		expect(await page.locator('[data-testid=site-row]').count()).toBe(3);
		expect(await page.locator('.site-marker').count()).toBe(3);
		expect(await page.locator('.site-marker').allTextContents()).toEqual(['1', '2', '3']);
		await page.waitForFunction(() => {
			const m = (window as unknown as { __planningMap: import('maplibre-gl').Map }).__planningMap;
			return !m.isMoving() && m.loaded() && m.queryRenderedFeatures({ layers: ['sites'] }).length === 3;
		});
		const demandShown = await page.evaluate(
			() =>
				(
					window as unknown as { __planningMap: import('maplibre-gl').Map }
				).__planningMap.queryRenderedFeatures({
					layers: ['demand']
				}).length
		);
		expect(demandShown).toBeGreaterThan(100);

		const before = await jizhouBefore();
		const beforeText = await page.locator('[data-testid=before]').textContent();
		expect(Number(beforeText!.split('(')[0].replace(/[,\s]/g, ''))).toBe(before);
		const afterText = await page.locator('[data-testid=after]').textContent();
		expect(Number(afterText!.split('(')[0].replace(/[,\s]/g, ''))).toBeGreaterThan(before);
		const href = await page.locator('a', { hasText: /GeoJSON/ }).getAttribute('href');
		expect(href).toMatch(/^\/api\/siting\/[0-9a-f-]{36}\.geojson$/);

		// the page's figures are the API's
		const api = (await (await get(href!.replace(/\.geojson$/, ''))).json()).result;
		expect(api.candidates.count).toBe(grid.length);
		const count = (t: string | null) => Number(t!.split('(')[0].replace(/[+,\s]/g, ''));
		expect(count(beforeText)).toBe(api.totals.before);
		expect(count(afterText)).toBe(api.totals.after);
		expect(count(await page.locator('[data-testid=newly]').textContent())).toBe(api.totals.newlyCovered);
		const rows = await page
			.locator('[data-testid=site-row]')
			.evaluateAll((trs) =>
				trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent!.trim()))
			);
		expect(rows.map((r) => Number(r[2].replace(/[+,]/g, '')))).toEqual(
			api.sites.map((x: { addedHouseholds: number }) => x.addedHouseholds)
		);
		// the reach rule's detour factor reads as people write it
		expect(await page.locator('.rule').first().textContent()).toMatch(/1\.3\b/);
		expect(await page.locator('.rule').first().textContent()).not.toMatch(/1\.2999/);
		await page.screenshot({ path: 'test-results/planning-after-1366.png' }).catch(() => undefined);
		await page.close();
	}, 240_000);

	it('before any run shows the existing facilities, their reach and the buildings not reached', async () => {
		const page = await e2e.signedInPage('planner', { viewport: { width: 1366, height: 768 } });
		await page.goto(`${baseUrl()}/planning`);
		await page.locator('select[name=district] option', { hasText: '吉州区' }).waitFor({ state: 'attached' });
		await page.locator('select[name=type]').selectOption('red_station');
		await page.locator('select[name=district]').selectOption({ label: '吉州区' });
		// the figure beside the map is the dashboard's facility coverage of Jizhou (the API's)
		const dash = await (await get(`/api/coverage/facilities?area=${jizhou}&type=red_station`)).json();
		// the figure shown first may be the one of the type and area picked before: wait for Jizhou's
		const shown = async () => {
			const text = (await page.locator('[data-testid=context-before]').textContent()) ?? '';
			return Number(text.split('(')[0].replace(/[,\s]/g, ''));
		};
		await expect.poll(shown, { timeout: 30_000 }).toBe(dash.total[0].reached);
		expect(await jizhouBefore()).toBe(dash.total[0].reached);
		await page.waitForFunction(() => {
			const m = (window as unknown as { __planningMap?: import('maplibre-gl').Map }).__planningMap;
			return (
				!!m &&
				!m.isMoving() &&
				m.loaded() &&
				m.queryRenderedFeatures({ layers: ['demand'], filter: ['==', ['get', 'state'], 0] }).length > 50 &&
				// the reach over the walking network: the paths within the walk
				m.queryRenderedFeatures({ layers: ['reach-walk'] }).length > 0
			);
		});
		expect(await page.locator('[data-testid=siting-summary]').count()).toBe(0);
		// the rule says walks over the network, and the legend explains the ringed (straight-line) buildings
		expect(await page.getByTestId('rule').textContent()).toMatch(/^服务范围：沿路网步行 ≤ 500 米/);
		await page.getByTestId('legend-straight').waitFor();
		await page.screenshot({ path: 'test-results/planning-before-1366.png' }).catch(() => undefined);
		// pixels: the unreached buildings' red dots show on the map (before any run)
		const box = (await page.locator('[data-testid=planning-map]').boundingBox())!;
		const { data: px } = await screenshotPixels(page, box);
		let red = 0;
		// the unreached colour #e53935 at 75 % over a light ground: strong red, weak green and blue
		for (let i = 0; i < px.length; i += 4) if (px[i] > 190 && px[i + 1] < 120 && px[i + 2] < 120) red++;
		expect(red).toBeGreaterThan(200);
		await page.close();
	}, 180_000);

	it('shows a clicked candidate at once as a marker, and a click on the marker removes it', async () => {
		const page = await e2e.signedInPage('planner', { viewport: { width: 390, height: 844 }, hasTouch: true });
		await page.goto(`${baseUrl()}/planning`);
		await page.waitForFunction(
			() => (window as unknown as { __planningMap?: { loaded(): boolean } }).__planningMap?.loaded(),
			undefined,
			{ timeout: 60_000 }
		);
		await page.locator('input[name=cand][value=draw]').check();
		const map = page.locator('[data-testid=planning-map]');
		await map.scrollIntoViewIfNeeded();
		const box = (await map.boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await page.locator('.candidate-marker').first().waitFor();
		await page.mouse.click(box.x + box.width / 3, box.y + box.height / 3);
		await expect.poll(() => page.locator('.candidate-marker').allTextContents()).toEqual(['1', '2']);
		await page.screenshot({ path: 'test-results/planning-candidates-390.png' }).catch(() => undefined);
		await page.locator('.candidate-marker', { hasText: '1' }).click();
		await expect.poll(() => page.locator('.candidate-marker').allTextContents()).toEqual(['1']);
		await expect.poll(() => page.locator('form .hint').first().textContent()).toMatch(/1/);
		await page.close();
	}, 180_000);

	it('takes candidate points clicked on the map', async () => {
		// a building far from every red station: a point clicked on it must add its households
		const { rows } = await e2e.sql.query(
			`SELECT ST_X(ST_PointOnSurface(b.geom)) AS lon, ST_Y(ST_PointOnSurface(b.geom)) AS lat, b.households
			 FROM buildings b JOIN compounds c ON c.id = b.compound_id
			 WHERE b.households > 0 AND c.community_id IN (SELECT id FROM areas WHERE $1::int = ANY(path))
			   AND NOT EXISTS (SELECT 1 FROM facilities f WHERE f.type = 'red_station'
			     AND ST_DWithin(f.geom::geography, ST_PointOnSurface(b.geom)::geography, 1000))
			 ORDER BY b.households DESC, b.id LIMIT 1`,
			[jizhou]
		);
		const b = rows[0];
		const page = await e2e.signedInPage('planner');
		await page.goto(`${baseUrl()}/planning`);
		await page.waitForFunction(
			() => (window as unknown as { __planningMap?: { loaded(): boolean } }).__planningMap?.loaded(),
			undefined,
			{ timeout: 60_000 }
		);
		await page.locator('select[name=district]').selectOption({ label: '吉州区' });
		await page.locator('input[name=cand][value=draw]').check();
		// the district's context frames the map once it arrives: let it, so that it does not move the
		// map away from the building between the jump and the clicks
		await expect
			.poll(async () => ((await page.locator('[data-testid=context-before]').textContent()) ?? '').trim(), {
				timeout: 30_000
			})
			.toMatch(/^\d/);
		await page.waitForFunction(
			() => !(window as unknown as { __planningMap: import('maplibre-gl').Map }).__planningMap.isMoving()
		);
		await page.evaluate(
			([lon, lat]) => {
				(window as unknown as { __planningMap: import('maplibre-gl').Map }).__planningMap.jumpTo({
					center: [lon, lat],
					zoom: 17
				});
			},
			[b.lon, b.lat]
		);
		const box = (await page.locator('[data-testid=planning-map]').boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.click(box.x + 20, box.y + 20);
		await expect.poll(() => page.locator('form .hint').textContent()).toMatch(/2/);
		await page.locator('input[name=k]').fill('1');
		await page.getByRole('button', { name: /^(开始选址|Run siting)$/ }).click();
		await page.locator('[data-testid=site-row]').first().waitFor({ timeout: 60_000 });
		expect(await page.locator('[data-testid=site-row]').count()).toBe(1);
		expect(await page.locator('.site-marker').count()).toBe(1);
		const added = await page.locator('[data-testid=site-row] td').nth(2).textContent();
		expect(Number(added!.replace(/[+,\s]/g, ''))).toBeGreaterThanOrEqual(b.households);
		await page.close();
	}, 180_000);
});
