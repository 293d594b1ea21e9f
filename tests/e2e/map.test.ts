// The map end to end: tile and TileJSON endpoints over HTTP (400s, gzip, caching, scope), then the
// map page in Chromium (WebGL through SwiftShader): rendered features match the database, layers
// toggle, a click opens the panel, search flies to 城建花苑, and the URL keeps the view.
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { baseUrl, sessionCookie, waitForMapIdle } from '../setup/browser';
import { e2eFile } from '../setup/e2e';
import { tileAt } from '../../src/lib/server/tiles/coords';

const e2e = e2eFile({ db: true });
const cookies: Record<string, string> = {};

beforeAll(async () => {
	for (const u of ['admin', 'gridworker', 'planner']) cookies[u] = await sessionCookie(u);
});

const get = (path: string, user?: string, headers: Record<string, string> = {}) =>
	fetch(`${baseUrl()}${path}`, { headers: { ...(user ? { cookie: cookies[user] } : {}), ...headers } });

async function chengjian() {
	const { rows } = await e2e.sql.query(
		`SELECT id, ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM compounds WHERE name = '城建花苑'`
	);
	return rows[0] as { id: number; lon: number; lat: number };
}

describe('tile endpoints', () => {
	it('answers 400 with a message for every bad layer or coordinate, 401 without a session', async () => {
		const bad: [string, RegExp][] = [
			['/api/tiles/roads/1/0/0.mvt', /layer: unknown layer "roads"/],
			['/api/tiles/areas/23/0/0.mvt', /z: must be an integer from 0 to 22/],
			['/api/tiles/areas/-1/0/0.mvt', /z:/],
			['/api/tiles/areas/a/0/0.mvt', /z:/],
			['/api/tiles/areas/2/4/0.mvt', /x: must be an integer from 0 to 3 at zoom 2/],
			['/api/tiles/areas/2/0/4.mvt', /y: must be an integer from 0 to 3 at zoom 2/],
			['/api/tiles/areas/2/1.5/0.mvt', /x:/],
			['/api/tiles/areas/0/0/-1.mvt', /y:/],
			['/api/tiles/roads.json', /layer: unknown layer "roads"/],
			['/api/features/roads/1', /layer: unknown layer/],
			['/api/features/compounds/abc', /id: must be a positive integer/],
			['/api/search?q=', /q: must not be empty/],
			['/api/search?q=a&limit=500', /limit:/]
		];
		for (const [path, message] of bad) {
			const res = await get(path, 'admin');
			expect(res.status, path).toBe(400);
			expect((await res.json()).message, path).toMatch(message);
		}
		expect((await get('/api/tiles/areas/0/0/0.mvt')).status).toBe(401);
		expect((await get('/api/tiles/areas.json')).status).toBe(401);
	});

	it('serves TileJSON whose versioned URL gives an immutable gzip tile, revalidated by ETag', async () => {
		const tj = await (await get('/api/tiles/compounds.json', 'admin')).json();
		expect(tj).toMatchObject({ tilejson: '3.0.0', minzoom: 12, maxzoom: 16 });
		expect(tj.vector_layers[0].id).toBe('compounds');
		const c = await chengjian();
		const t = tileAt(c.lon, c.lat, 15);
		const url = tj.tiles[0].replace('{z}', t.z).replace('{x}', t.x).replace('{y}', t.y);
		expect(url).toMatch(/^http:\/\/.+\/api\/tiles\/compounds\/15\/\d+\/\d+\.mvt\?v=\d+\.[0-9a-f]{8}$/);
		const res = await fetch(url, { headers: { cookie: cookies.admin, 'accept-encoding': 'gzip' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
		const tile = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))); // fetch has gunzipped it
		const names = Array.from({ length: tile.layers.compounds.length }, (_, i) =>
			tile.layers.compounds.feature(i)
		)
			.filter((f) => f.id === c.id)
			.map((f) => f.properties.name);
		expect(names).toEqual(['城建花苑']);
		const again = await fetch(url, {
			headers: { cookie: cookies.admin, 'if-none-match': res.headers.get('etag')! }
		});
		expect(again.status).toBe(304);
		// without the current version the tile is the same data but must be revalidated
		const unversioned = await get(url.replace(/^.*\/api/, '/api').replace(/\?v=[\d.a-f]+$/, ''), 'admin');
		expect(unversioned.headers.get('cache-control')).toBe('private, no-cache');
	});

	it("gives a grid worker only their cells' tickets, and a planner no ticket tiles", async () => {
		const { rows } = await e2e.sql.query(
			`SELECT g.worker_id, ST_X(ST_Centroid(ST_Collect(g.geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(g.geom))) AS lat
			 FROM grid_cells g JOIN users u ON u.person_id = g.worker_id WHERE u.username = 'gridworker' GROUP BY g.worker_id`
		);
		const t = tileAt(rows[0].lon, rows[0].lat, 12);
		const tileIds = async (user: string) => {
			const res = await get(`/api/tiles/tickets/${t.z}/${t.x}/${t.y}.mvt`, user);
			expect(res.status).toBe(200);
			const l = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.tickets;
			return Array.from({ length: l?.length ?? 0 }, (_, i) => Number(l.feature(i).id));
		};
		const mine = await tileIds('gridworker');
		const all = await tileIds('admin');
		expect(mine.length).toBeGreaterThan(0);
		expect(all.length).toBeGreaterThan(mine.length);
		const { rows: outside } = await e2e.sql.query(
			`SELECT count(*)::int AS n FROM tickets t WHERE t.id = ANY($1)
			 AND t.grid_cell_id NOT IN (SELECT id FROM grid_cells WHERE worker_id = $2)`,
			[mine, rows[0].worker_id]
		);
		expect(outside[0].n).toBe(0);
		expect((await get(`/api/tiles/tickets/${t.z}/${t.x}/${t.y}.mvt`, 'planner')).status).toBe(403);
		expect((await get('/api/tiles/compounds.json', 'planner')).status).toBe(200);
	});
});

const renderedIds = (page: Page, layer: string) =>
	page.evaluate((layer) => {
		const m = (window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap;
		return [...new Set(m.queryRenderedFeatures({ layers: [layer] }).map((f) => Number(f.id)))].sort(
			(a, b) => a - b
		);
	}, layer);

describe('map page', () => {
	it('renders the compounds of a view as the database has them; a layer toggles off and on', async () => {
		const c = await chengjian();
		const page = await e2e.signedInPage('admin', { viewport: { width: 1000, height: 700 } });
		await page.goto(`${baseUrl()}/map?at=${c.lon},${c.lat},15.5&layers=areas,compounds`);
		await waitForMapIdle(page);
		const ids = await renderedIds(page, 'compounds-fill');
		// the view's bounds, shrunk and grown by 3 px to stay clear of edge rounding
		const [inner, outer] = await page.evaluate(() => {
			const m = (window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap;
			const { clientWidth: w, clientHeight: h } = m.getCanvas();
			const box = (d: number) => {
				const a = m.unproject([d, h - d]);
				const b = m.unproject([w - d, d]);
				return [a.lng, a.lat, b.lng, b.lat];
			};
			return [box(3), box(-3)];
		});
		const inView = async (b: number[]) =>
			(
				await e2e.sql.query(
					`SELECT array(SELECT id FROM compounds WHERE retired_at IS NULL
					 AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY id)::int[] AS ids`,
					b
				)
			).rows[0].ids as number[];
		const mustShow = await inView(inner);
		const mayShow = await inView(outer);
		expect(mustShow.length).toBeGreaterThan(1);
		expect(ids).toContain(c.id);
		for (const id of mustShow) expect(ids, `compound ${id} is in view`).toContain(id);
		for (const id of ids) expect(mayShow, `compound ${id} is drawn`).toContain(id);

		const toggle = page.getByRole('checkbox', { name: '小区' });
		await toggle.uncheck();
		await waitForMapIdle(page);
		expect(await renderedIds(page, 'compounds-fill')).toEqual([]);
		expect(page.url()).toMatch(/layers=areas(&|$)/);
		await toggle.check();
		await waitForMapIdle(page);
		expect(await renderedIds(page, 'compounds-fill')).toEqual(ids);
		await page.close();
	});

	it('loads each tile of its first view once: nothing the page sets after `load` reloads them', async () => {
		const page = await e2e.signedInPage('admin', { viewport: { width: 1000, height: 700 } });
		// every tile loaded (or reloaded) into the map, by source and address, from the map's creation on
		await page.addInitScript(`(() => {
			const loads = (window.__tileLoads = {});
			let map;
			Object.defineProperty(window, '__redgridMap', { configurable: true, get: () => map, set: (m) => {
				map = m;
				m.on('sourcedata', (e) => {
					if (!e.tile) return;
					const c = e.tile.tileID.canonical;
					const k = e.sourceId + ' ' + c.z + '/' + c.x + '/' + c.y;
					loads[k] = (loads[k] ?? 0) + 1;
				});
			} });
		})()`);
		// the default view, and a street view with the filtered layers (companies' classes, committees).
		// Some tiles may legitimately load again: tickets (a new ticket is a new version), and the
		// areas under the committees' gap layer, whose filter names the communities with no meeting
		// once /api/governance/map has answered.
		const c = await chengjian();
		const views: [string, string[], string[]][] = [
			['/map', ['basemap', 'areas', 'facilities', 'party-orgs'], ['tickets']],
			[
				`/map?at=${c.lon},${c.lat},14&layers=areas,compounds,companies,committees`,
				['compounds', 'companies'],
				['areas']
			]
		];
		for (const [view, want, mayReload] of views) {
			await page.goto(`${baseUrl()}${view}`);
			await waitForMapIdle(page);
			const loads = (await page.evaluate('window.__tileLoads')) as Record<string, number>;
			const sources = new Set(Object.keys(loads).map((k) => k.split(' ')[0]));
			for (const s of want) expect(sources, view).toContain(s);
			// a layer's visibility or filter set after load to what the page declared made MapLibre load
			// every tile of its source again
			const twice = Object.entries(loads).filter(([k, n]) => n > 1 && !mayReload.includes(k.split(' ')[0]));
			expect(twice, view).toEqual([]);
		}
		await page.close();
	});

	it('fetches its tiles itself: the service worker, registered by every page, controls /my-grid only', async () => {
		const page = await e2e.signedInPage('gridworker', { viewport: { width: 1000, height: 700 } });
		const scopes = async () =>
			(await page.evaluate(
				`navigator.serviceWorker.getRegistrations().then((rs) => rs.filter((r) => r.active).map((r) => new URL(r.scope).pathname).sort())`
			)) as string[];
		// the pages register the worker at /my-grid
		await expect.poll(scopes, { timeout: 15_000 }).toEqual(['/my-grid']);
		// a phone that still has an earlier version's worker at the root scope, which every page went
		// through (registered from a document that runs none of the app's code)
		await page.goto(`${baseUrl()}/icon.svg`);
		await page.evaluate(`navigator.serviceWorker.register('/service-worker.js', { scope: '/' })`);
		await expect.poll(scopes, { timeout: 15_000 }).toEqual(['/', '/my-grid']);
		// the map page removes it
		await page.goto(`${baseUrl()}/map`);
		await expect.poll(scopes, { timeout: 15_000 }).toEqual(['/my-grid']);
		const fromWorker: string[] = [];
		page.on('response', (r) => {
			if (r.url().includes('/api/tiles/') && r.fromServiceWorker()) fromWorker.push(r.url());
		});
		await page.reload();
		await waitForMapIdle(page);
		expect(await page.evaluate('navigator.serviceWorker.controller')).toBeNull();
		expect(fromWorker).toEqual([]);
		// the field page, reached by the menu's link, is a document of its own that the worker controls
		// (the client-side router would have kept /map's, with none): its tiles come through the worker
		// and it writes its offline copy
		await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '我的网格' }).click();
		await page.waitForURL((u) => u.pathname === '/my-grid');
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
		await expect.poll(() => fromWorker.length, { timeout: 20_000 }).toBeGreaterThan(0);
		await page.waitForFunction(
			async () => {
				const shell = (await caches.keys()).find(
					(k) => k.startsWith('redgrid-shell-') && !k.endsWith('-previous')
				);
				return !!shell && !!(await (await caches.open(shell)).match('/my-grid'));
			},
			null,
			{ timeout: 20_000, polling: 500 }
		);
		await page.close();
	});

	it('a click on a cell of several facilities zooms in to z13, where they are drawn one by one', async () => {
		const page = await e2e.signedInPage('admin', { viewport: { width: 1000, height: 700 } });
		const c = await chengjian();
		await page.goto(`${baseUrl()}/map?at=${c.lon},${c.lat},11&layers=facilities`);
		await waitForMapIdle(page);
		// the largest cell in view (count > 1), at its point on the screen
		const cell = await page.evaluate(() => {
			const m = (window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap;
			const f = m
				.queryRenderedFeatures({ layers: ['facilities-point'] })
				.sort((a, b) => Number(b.properties.count) - Number(a.properties.count))[0];
			const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates;
			const p = m.project([lon, lat]);
			return { count: Number(f.properties.count), x: p.x, y: p.y };
		});
		expect(cell.count, 'the test needs a cell of several facilities').toBeGreaterThan(1);
		const box = (await page.getByTestId('map').boundingBox())!;
		await page.mouse.click(box.x + cell.x, box.y + cell.y);
		await expect
			.poll(() =>
				page.evaluate(() =>
					(window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap.getZoom()
				)
			)
			.toBeCloseTo(13, 1);
		// nothing selected: no side panel
		expect(new URL(page.url()).searchParams.get('sel')).toBeNull();
		await page.close();
	});

	it("asks for the companies' class counts only once their layer is shown, then shows the server's counts", async () => {
		const page = await e2e.signedInPage('admin', { viewport: { width: 1000, height: 700 } });
		const asked: string[] = [];
		page.on('request', (r) => {
			if (/\/api\/(companies\?only=classes|governance\/map)/.test(r.url())) asked.push(r.url());
		});
		await page.goto(`${baseUrl()}/map`);
		await waitForMapIdle(page);
		// both layers are off by default: neither figure is fetched on the map's first load
		expect(asked).toEqual([]);
		await page.getByRole('checkbox', { name: '物业企业党建' }).check();
		const legend = page.getByRole('list', { name: '物业企业党建' });
		const want = (await (await get('/api/companies?only=classes', 'admin')).json()).classes as Record<
			string,
			number
		>;
		expect(Object.values(want).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
		for (const [c, n] of Object.entries(want))
			await expect.poll(() => legend.locator(`[data-class="${c}"] .count`).textContent()).toBe(String(n));
		expect(asked.filter((u) => u.includes('only=classes'))).toHaveLength(1);
		// off and on again: not asked twice
		await page.getByRole('checkbox', { name: '物业企业党建' }).uncheck();
		const again = page.waitForRequest(/only=classes/, { timeout: 1500 }).catch(() => null);
		await page.getByRole('checkbox', { name: '物业企业党建' }).check();
		expect(await again).toBeNull();
		expect(asked.filter((u) => u.includes('only=classes'))).toHaveLength(1);
		expect(asked.filter((u) => u.includes('governance/map'))).toEqual([]);
		await page.close();
	});

	it('asks for the class counts again when the layer is shown again after the server failed', async () => {
		const page = await e2e.signedInPage('admin', { viewport: { width: 1000, height: 700 } });
		let failed = 0;
		await page.route(/\/api\/companies\?only=classes/, (route) =>
			failed++ === 0 ? route.fulfill({ status: 503, body: 'down' }) : route.continue()
		);
		await page.goto(`${baseUrl()}/map?layers=areas,companies`);
		await waitForMapIdle(page);
		const legend = page.getByRole('list', { name: '物业企业党建' });
		await expect.poll(() => failed).toBe(1);
		expect(await legend.locator('.count').count()).toBe(0);
		const toggle = page.getByRole('checkbox', { name: '物业企业党建' });
		await toggle.uncheck();
		await toggle.check();
		await legend.locator('[data-class="none"] .count').waitFor();
		expect(failed).toBe(2);
		await page.close();
	});

	it('opens the side panel of a clicked compound, with its name, company and breadcrumb', async () => {
		const c = await chengjian();
		const page = await e2e.signedInPage('official', { viewport: { width: 1000, height: 700 } });
		await page.goto(`${baseUrl()}/map?at=${c.lon},${c.lat},16&layers=compounds`);
		await waitForMapIdle(page);
		const pt = await page.evaluate(
			([lon, lat]) =>
				(window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap.project([lon, lat]),
			[c.lon, c.lat]
		);
		await page.getByTestId('map').click({ position: { x: pt.x, y: pt.y } });
		await page.getByTestId('feature-name').waitFor();
		expect(await page.getByTestId('feature-name').textContent()).toBe('城建花苑');
		const crumbs = page.getByRole('navigation', { name: '层级导航' }).getByRole('button');
		expect(await crumbs.allTextContents()).toEqual(expect.arrayContaining(['吉安市', '吉州区', '城建花苑']));
		expect(new URL(page.url()).searchParams.get('sel')).toBe(`compounds:${c.id}`);
		await page.close();
	});

	it('search for 城建花苑 flies there (centre within 50 m), and the shared link reopens the view', async () => {
		const c = await chengjian();
		const page = await e2e.signedInPage('jizhou', { viewport: { width: 1000, height: 700 } });
		await page.goto(`${baseUrl()}/map`);
		await waitForMapIdle(page);
		await page.getByRole('searchbox').fill('城建花苑');
		await page.getByRole('searchbox').press('Enter');
		await page.getByTestId('feature-name').waitFor();
		await page.waitForFunction(
			() => !(window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap.isMoving()
		);
		await waitForMapIdle(page);
		const center = await page.evaluate(() =>
			(window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap.getCenter().toArray()
		);
		const { rows } = await e2e.sql.query(
			`SELECT ST_Distance(ST_MakePoint($1, $2)::geography, ST_MakePoint($3, $4)::geography) AS d`,
			[center[0], center[1], c.lon, c.lat]
		);
		expect(rows[0].d).toBeLessThan(50);
		expect(await page.getByTestId('feature-name').textContent()).toBe('城建花苑');
		await page.waitForFunction(() => location.search.includes('sel=compounds'));
		const shared = page.url();
		expect(shared).toMatch(/at=114\.\d+,27\.\d+,1[67]/);

		const other = await e2e.signedInPage('admin', { viewport: { width: 1000, height: 700 } });
		await other.goto(shared);
		await other.getByTestId('feature-name').waitFor();
		expect(await other.getByTestId('feature-name').textContent()).toBe('城建花苑');
		await waitForMapIdle(other);
		const reopened = await other.evaluate(() =>
			(window as unknown as { __redgridMap: import('maplibre-gl').Map }).__redgridMap.getCenter().toArray()
		);
		expect(Math.abs(reopened[0] - center[0])).toBeLessThan(1e-4);
		expect(Math.abs(reopened[1] - center[1])).toBeLessThan(1e-4);
		await other.close();
		await page.close();
	});
});
