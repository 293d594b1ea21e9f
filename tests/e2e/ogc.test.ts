// OGC API – Features against the running app: the discovery documents, collections per role, paging
// links, bbox counts checked against SQL, scope on tickets, and GDAL's OAPIF driver (the client QGIS
// uses) listing and reading our collections with the demo API key.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie, e2eDatabaseUrl } from '../setup/browser';
import { LAYER_IDS } from '../../src/lib/map/layer-ids';

const KEY = { 'x-api-key': 'redgrid-demo-key' };
let sql: pg.Client;
beforeAll(async () => {
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
});
afterAll(() => sql?.end());

const get = (p: string, headers: Record<string, string> = KEY) =>
	fetch(`${baseUrl()}/ogc${p}`, { headers, redirect: 'manual' });
const body = async (p: string, headers?: Record<string, string>) => {
	const res = await get(p, headers);
	expect(res.status, p).toBe(200);
	return res.json();
};

describe('OGC API – Features: discovery', () => {
	it('landing page, conformance and OpenAPI 3.0 are public', async () => {
		const landing = await body('', {});
		const rels = landing.links.map((l: { rel: string }) => l.rel);
		expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
		expect(landing.links.find((l: { rel: string }) => l.rel === 'data').href).toBe(
			`${baseUrl()}/ogc/collections`
		);
		const conf = await body('/conformance', {});
		expect(conf.conformsTo).toEqual(
			expect.arrayContaining([
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'
			])
		);
		const api = await get('/api', {});
		expect(api.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json;version=3\.0/);
		const doc = await api.json();
		expect(doc.openapi).toMatch(/^3\.0\./);
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/',
				'/conformance',
				'/collections',
				'/collections/{collectionId}/items',
				'/collections/{collectionId}/items/{featureId}'
			])
		);
	});

	it('collections need a user: none for anonymous callers, tickets not for planners', async () => {
		// an API answers 401, not a redirect to the login page
		expect((await get('/collections', {})).status).toBe(401);
		expect((await get('/collections', { 'x-api-key': 'wrong' })).status).toBe(401);
		const all = await body('/collections');
		expect(all.collections.map((c: { id: string }) => c.id)).toEqual(LAYER_IDS);
		const planner = await body('/collections', { cookie: await sessionCookie('planner') });
		expect(planner.collections.map((c: { id: string }) => c.id)).not.toContain('tickets');
		expect((await get('/collections/tickets/items', { cookie: await sessionCookie('planner') })).status).toBe(
			404
		);
		const areas = await body('/collections/areas');
		const { rows } = await sql.query(
			'SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1 FROM (SELECT ST_Extent(geom)::geometry e FROM areas WHERE retired_at IS NULL) x'
		);
		const bbox = areas.extent.spatial.bbox[0];
		[rows[0].x0, rows[0].y0, rows[0].x1, rows[0].y1].forEach((v, i) => expect(bbox[i]).toBeCloseTo(v, 6));
	});
});

describe('OGC API – Features: items', () => {
	it('pages with limit / offset, numberMatched / numberReturned and next / prev links', async () => {
		const { rows } = await sql.query(
			'SELECT count(*)::int AS n, min(id) AS first FROM facilities WHERE retired_at IS NULL'
		);
		const p1 = await body('/collections/facilities/items?limit=50');
		expect([p1.numberMatched, p1.numberReturned, p1.features.length]).toEqual([rows[0].n, 50, 50]);
		expect(p1.features[0].id).toBe(rows[0].first);
		expect(p1.links.find((l: { rel: string }) => l.rel === 'prev')).toBeUndefined();
		const next = p1.links.find((l: { rel: string }) => l.rel === 'next');
		expect(next.href).toBe(`${baseUrl()}/ogc/collections/facilities/items?limit=50&offset=50`);
		const p2 = await (await fetch(next.href, { headers: KEY })).json();
		expect(p2.features[0].id).toBeGreaterThan(p1.features[49].id);
		expect(p2.links.find((l: { rel: string }) => l.rel === 'prev').href).toMatch(/offset=0$/);
		const last = await body(`/collections/facilities/items?limit=50&offset=${rows[0].n - 10}`);
		expect(last.numberReturned).toBe(10);
		expect(last.links.find((l: { rel: string }) => l.rel === 'next')).toBeUndefined();
		const one = await get(`/collections/facilities/items/${p1.features[0].id}`);
		expect(one.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		expect((await one.json()).properties.code).toBe(p1.features[0].properties.code);
		expect((await get('/collections/facilities/items/999999999')).status).toBe(404);
		expect((await get('/collections/nowhere/items')).status).toBe(404);
	});

	it('bbox counts what PostGIS counts; a bad bbox or an unknown parameter is a 400 naming it', async () => {
		const { rows: c } = await sql.query(
			`SELECT ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM areas WHERE code = '360802'`
		);
		const b = [c[0].x - 0.02, c[0].y - 0.02, c[0].x + 0.02, c[0].y + 0.02];
		const { rows } = await sql.query(
			`SELECT count(*)::int AS n FROM buildings WHERE retired_at IS NULL AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))`,
			b
		);
		expect(rows[0].n).toBeGreaterThan(0);
		const page = await body(`/collections/buildings/items?bbox=${b.join(',')}&limit=1`);
		expect(page.numberMatched).toBe(rows[0].n);
		let res = await get('/collections/buildings/items?bbox=1,2,3');
		expect(res.status).toBe(400);
		expect((await res.json()).description).toMatch(/bbox/);
		res = await get('/collections/buildings/items?colour=red');
		expect(res.status).toBe(400);
		expect((await res.json()).field).toBe('colour');
	});

	it('datetime filters tickets by when they came in; an official sees only their subtree, without personal data', async () => {
		const { rows } = await sql.query(
			`SELECT count(*)::int AS n FROM tickets WHERE created_at >= now() - interval '7 days'`
		);
		const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
		const page = await body(`/collections/tickets/items?datetime=${since}/..&limit=1`);
		// a ticket may come in between the two reads only if the simulator ran: it is off in tests
		expect(page.numberMatched).toBe(rows[0].n);
		const jizhou = { cookie: await sessionCookie('jizhou') };
		const { rows: scoped } = await sql.query(
			`SELECT count(*)::int AS n FROM tickets t WHERE t.community_id IN
			 (SELECT id FROM areas WHERE path @> ARRAY[(SELECT area_id FROM users WHERE username = 'jizhou')])`
		);
		const mine = await body('/collections/tickets/items?limit=5', jizhou);
		expect(mine.numberMatched).toBe(scoped[0].n);
		expect(Object.keys(mine.features[0].properties)).not.toContain('reporter_phone');
		expect(mine.features[0].properties.description).toBeNull();
		expect((await get('/collections/tickets/items?datetime=yesterday')).status).toBe(400);
	});
});

describe('GDAL OAPIF driver (QGIS reads the same way)', () => {
	const gdal = (args: string[]) =>
		execFileSync('ogrinfo', ['--config', 'GDAL_HTTP_HEADERS', 'X-API-Key: redgrid-demo-key', ...args], {
			encoding: 'utf8',
			timeout: 60_000
		});

	it('lists our collections and reads a layer summary with its feature count', async () => {
		const list = gdal(['-ro', `OAPIF:${baseUrl()}/ogc`]);
		for (const id of LAYER_IDS) expect(list).toContain(id);
		const info = gdal(['-ro', '-so', `OAPIF:${baseUrl()}/ogc`, 'facilities']);
		const { rows } = await sql.query('SELECT count(*)::int AS n FROM facilities WHERE retired_at IS NULL');
		expect(info).toMatch(new RegExp(`Feature Count: ${rows[0].n}\\b`));
		expect(info).toMatch(/code: String/);
	});

	// GDAL runs asynchronously here: a synchronous run blocks the test's event loop, and the HTTP
	// client then reuses a keep-alive connection that the server has closed meanwhile
	const run = async (tool: string, args: string[]) =>
		(
			await promisify(execFile)(
				tool,
				['--config', 'GDAL_HTTP_HEADERS', 'X-API-Key: redgrid-demo-key', ...args],
				{
					encoding: 'utf8',
					timeout: 120_000,
					maxBuffer: 512 * 1024 * 1024
				}
			)
		).stdout;

	it('reports a geometry type and the feature count of every collection (ogrinfo -so)', async () => {
		const expected: Record<string, RegExp> = {
			areas: /Geometry: Multi Polygon/,
			'grid-cells': /Geometry: Multi Polygon/,
			compounds: /Geometry: Multi Polygon/,
			buildings: /Geometry: Multi Polygon/,
			facilities: /Geometry: Point/,
			'party-orgs': /Geometry: Point/,
			companies: /Geometry: Multi Polygon/,
			tickets: /Geometry: Point/
		};
		for (const [id, geometry] of Object.entries(expected)) {
			const info = await run('ogrinfo', ['-ro', '-so', `OAPIF:${baseUrl()}/ogc`, id]);
			expect(info, id).toMatch(geometry);
			const matched = (await body(`/collections/${id}/items?limit=1`)).numberMatched;
			expect(info, id).toMatch(new RegExp(`Feature Count: ${matched}\\b`));
		}
	});

	it('reads every feature of every collection across pages, each with a geometry', async () => {
		for (const id of ['areas', 'grid-cells', 'compounds', 'facilities', 'party-orgs', 'companies']) {
			const out = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${baseUrl()}/ogc`, id]);
			const fc = JSON.parse(out);
			const matched = (await body(`/collections/${id}/items?limit=1`)).numberMatched;
			expect(fc.features.length, id).toBe(matched);
			expect(fc.features.filter((f: { geometry: unknown }) => !f.geometry).length, id).toBe(0);
		}
	});

	it('reads every feature of a layer across pages', async () => {
		const out = gdal(['-ro', '-al', '-q', `OAPIF:${baseUrl()}/ogc`, 'areas']);
		const { rows } = await sql.query(`SELECT count(*)::int AS n FROM areas WHERE retired_at IS NULL`);
		expect(out.match(/^OGRFeature\(areas\):/gm)?.length).toBe(rows[0].n);
		expect(out).toContain('吉州区');
	});
});
