// OGC API – Features – Part 1: Core (OGC 17-069r4), requirement by requirement, against the running
// app. REQUIREMENTS lists every requirement of the conformance classes of Part 1; each has a test
// below named by its identifier, or says why it does not apply. The last test fails when one is
// neither tested nor explained.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, e2eDatabaseUrl } from '../setup/browser';
import { LAYER_IDS } from '../../src/lib/map/layer-ids';

const KEY = { 'x-api-key': 'redgrid-demo-key' };
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const COLLECTIONS = LAYER_IDS;

/** Every requirement of Part 1; a string is the reason it does not apply (no test), null: tested. */
const REQUIREMENTS: Record<string, string | null> = {
	// Core
	'/req/core/http': null,
	'/req/core/crs84': null,
	'/req/core/root-op': null,
	'/req/core/root-success': null,
	'/req/core/api-definition-op': null,
	'/req/core/api-definition-success': null,
	'/req/core/conformance-op': null,
	'/req/core/conformance-success': null,
	'/req/core/fc-md-op': null,
	'/req/core/fc-md-success': null,
	'/req/core/fc-md-links': null,
	'/req/core/fc-md-items': null,
	'/req/core/fc-md-items-links': null,
	'/req/core/fc-md-extent': null,
	'/req/core/sfc-md-op': null,
	'/req/core/sfc-md-success': null,
	'/req/core/fc-op': null,
	'/req/core/fc-limit-definition': null,
	'/req/core/fc-limit-response': null,
	'/req/core/fc-bbox-definition': null,
	'/req/core/fc-bbox-response': null,
	'/req/core/fc-time-definition': null,
	'/req/core/fc-time-response': null,
	'/req/core/query-param-unknown': null,
	'/req/core/query-param-invalid': null,
	'/req/core/fc-response': null,
	'/req/core/fc-links': null,
	'/req/core/fc-rel-type': null,
	'/req/core/fc-timeStamp': null,
	'/req/core/fc-numberMatched': null,
	'/req/core/fc-numberReturned': null,
	'/req/core/f-op': null,
	'/req/core/f-success': null,
	'/req/core/f-links': null,
	// HTTP status codes (Table 2 of the standard): unknown collection, feature and path
	'/req/core/http-status-404': null,
	// GeoJSON
	'/req/geojson/definition': null,
	'/req/geojson/content': null,
	// OpenAPI 3.0
	'/req/oas30/oas-definition-1': null,
	'/req/oas30/oas-definition-2': null,
	'/req/oas30/oas-impl': null,
	'/req/oas30/completeness': null,
	'/req/oas30/exceptions-codes': null,
	'/req/oas30/security': null,
	// Classes we do not declare in /conformance
	'/req/html/definition':
		'HTML class not claimed: features are GeoJSON only (the service-doc page is HTML, tested under root-success)',
	'/req/html/content': 'HTML class not claimed (see /req/html/definition)',
	'/req/gmlsf0/content': 'GML Simple Features 0 class not claimed: no GML encoding',
	'/req/gmlsf0/headers': 'GML Simple Features 0 class not claimed: no GML encoding',
	'/req/gmlsf2/content': 'GML Simple Features 2 class not claimed: no GML encoding',
	'/req/gmlsf2/headers': 'GML Simple Features 2 class not claimed: no GML encoding'
};

const tested = new Set<string>();
/** A test of one requirement, named by it. */
function req(id: string, fn: () => Promise<void>) {
	if (!(id in REQUIREMENTS)) throw new Error(`${id} is not in REQUIREMENTS`);
	tested.add(id);
	it(id, fn);
}

let sql: pg.Client;
beforeAll(async () => {
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
});
afterAll(() => sql?.end());

const get = (p: string, headers: Record<string, string> = KEY, method = 'GET') =>
	fetch(p.startsWith('http') ? p : `${baseUrl()}/ogc${p}`, { headers, redirect: 'manual', method });
async function ok(p: string, headers?: Record<string, string>) {
	const res = await get(p, headers);
	expect(res.status, p).toBe(200);
	return res.json();
}
/** A refusal: its status, and a JSON exception naming the parameter. */
async function refused(p: string, status: number, field?: string) {
	const res = await get(p);
	expect(res.status, p).toBe(status);
	expect(res.headers.get('content-type'), p).toMatch(/^application\/json/);
	const e = await res.json();
	expect(typeof e.code).toBe('string');
	expect(typeof e.description).toBe('string');
	if (field) expect(e.field, p).toBe(field);
	return e;
}
const count = async (q: string, params: unknown[] = []) => Number((await sql.query(q, params)).rows[0].n);
type Link = { rel: string; href: string; type?: string };
const link = (links: Link[], rel: string) => links.find((l) => l.rel === rel);

describe('Core: discovery', () => {
	req('/req/core/http', async () => {
		// HTTP/1.1: HEAD answers like GET without a body; conditional and method semantics by the server
		const head = await get('/collections', KEY, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await head.text()).toBe('');
		const post = await get('/collections', KEY, 'POST');
		expect(post.status).toBe(405);
	});

	req('/req/core/root-op', async () => {
		const res = await get('', {});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
	});

	req('/req/core/root-success', async () => {
		const landing = await ok('', {});
		const rels = landing.links.map((l: Link) => l.rel);
		expect(rels).toEqual(expect.arrayContaining(['service-desc', 'service-doc', 'conformance', 'data']));
		expect(link(landing.links, 'data')!.href).toBe(`${baseUrl()}/ogc/collections`);
		expect(link(landing.links, 'conformance')!.href).toBe(`${baseUrl()}/ogc/conformance`);
		const doc = await fetch(link(landing.links, 'service-doc')!.href);
		expect(doc.status).toBe(200);
		expect(doc.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await doc.text();
		expect(html).toContain('/collections/{collectionId}/items');
		expect(html).toContain('bbox-crs');
	});

	req('/req/core/api-definition-op', async () => {
		const landing = await ok('', {});
		for (const rel of ['service-desc', 'service-doc']) {
			const res = await fetch(link(landing.links, rel)!.href);
			expect(res.status, rel).toBe(200);
		}
	});

	req('/req/core/api-definition-success', async () => {
		const res = await get('/api', {});
		expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json;version=3\.0/);
		const doc = await res.json();
		expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
	});

	req('/req/core/conformance-op', async () => {
		expect((await get('/conformance', {})).status).toBe(200);
	});

	req('/req/core/conformance-success', async () => {
		const conf = await ok('/conformance', {});
		expect(conf.conformsTo.sort()).toEqual(
			[
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
				'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'
			].sort()
		);
	});
});

describe('Core: collections', () => {
	req('/req/core/fc-md-op', async () => {
		expect((await get('/collections')).status).toBe(200);
	});

	req('/req/core/fc-md-success', async () => {
		const c = await ok('/collections');
		expect(Array.isArray(c.links)).toBe(true);
		expect(c.collections.map((x: { id: string }) => x.id)).toEqual(COLLECTIONS);
	});

	req('/req/core/fc-md-links', async () => {
		const c = await ok('/collections');
		expect(link(c.links, 'self')!.href).toBe(`${baseUrl()}/ogc/collections`);
	});

	req('/req/core/fc-md-items', async () => {
		const c = await ok('/collections');
		for (const x of c.collections) {
			expect(typeof x.id).toBe('string');
			expect(x.itemType).toBe('feature');
			expect(x.crs).toEqual([CRS84]);
		}
	});

	req('/req/core/fc-md-items-links', async () => {
		const c = await ok('/collections');
		for (const x of c.collections) {
			const items = link(x.links, 'items')!;
			expect(items.href).toBe(`${baseUrl()}/ogc/collections/${x.id}/items`);
			expect(items.type).toBe('application/geo+json');
			expect((await get(items.href)).status, x.id).toBe(200);
		}
	});

	req('/req/core/fc-md-extent', async () => {
		// party organizations: the extent of their places (own point, else compound, else area) and founding days
		const c = await ok('/collections/party-orgs');
		const { rows } = await sql.query(
			`SELECT ST_XMin(e) x0, ST_YMin(e) y0, ST_XMax(e) x1, ST_YMax(e) y1, t0, t1 FROM (
			   SELECT ST_Extent(coalesce(o.geom, ST_PointOnSurface(c.geom), ST_PointOnSurface(a.geom)))::geometry e,
			     min(o.founded_on) t0, max(o.founded_on) t1
			   FROM party_orgs o LEFT JOIN compounds c ON c.id = o.compound_id LEFT JOIN areas a ON a.id = o.area_id
			   WHERE o.retired_at IS NULL) x`
		);
		const r = rows[0];
		const bbox = c.extent.spatial.bbox[0];
		[r.x0, r.y0, r.x1, r.y1].forEach((v: number, i: number) => expect(bbox[i]).toBeCloseTo(v, 6));
		expect(c.extent.spatial.crs).toBe(CRS84);
		const [t0, t1] = c.extent.temporal.interval[0];
		const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
		expect(day(new Date(t0))).toBe(day(r.t0));
		expect(day(new Date(t1))).toBe(day(r.t1));
		// a collection without time has no temporal extent
		expect((await ok('/collections/areas')).extent.temporal).toBeUndefined();
	});

	req('/req/core/sfc-md-op', async () => {
		for (const id of COLLECTIONS) expect((await get(`/collections/${id}`)).status, id).toBe(200);
	});

	req('/req/core/sfc-md-success', async () => {
		const all = await ok('/collections');
		for (const id of ['facilities', 'companies']) {
			const one = await ok(`/collections/${id}`);
			expect(one).toEqual(all.collections.find((x: { id: string }) => x.id === id));
		}
	});
});

describe('Core: features', () => {
	req('/req/core/fc-op', async () => {
		for (const id of COLLECTIONS)
			expect((await get(`/collections/${id}/items?limit=1`)).status, id).toBe(200);
	});

	req('/req/core/fc-limit-definition', async () => {
		const doc = await ok('/api', {});
		expect(doc.components.parameters.limit).toEqual(
			expect.objectContaining({
				name: 'limit',
				in: 'query',
				required: false,
				style: 'form',
				explode: false,
				schema: { type: 'integer', minimum: 1, maximum: 10000, default: 10 }
			})
		);
	});

	req('/req/core/fc-limit-response', async () => {
		expect((await ok('/collections/buildings/items?limit=3')).features).toHaveLength(3);
		expect((await ok('/collections/buildings/items')).features).toHaveLength(10);
		// above the maximum: the server answers at most its maximum (permitted by the standard)
		const n = await count('SELECT count(*) AS n FROM buildings WHERE retired_at IS NULL');
		const big = await ok('/collections/buildings/items?limit=20000');
		expect(big.numberReturned).toBe(Math.min(n, 10000));
		await refused('/collections/buildings/items?limit=0', 400, 'limit');
	});

	req('/req/core/fc-bbox-definition', async () => {
		const doc = await ok('/api', {});
		expect(doc.components.parameters.bbox).toEqual(
			expect.objectContaining({
				name: 'bbox',
				in: 'query',
				required: false,
				style: 'form',
				explode: false,
				schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }
			})
		);
	});

	req('/req/core/fc-bbox-response', async () => {
		// every party organization lies in the world, those without a point of their own at their place
		const orgs = await count('SELECT count(*) AS n FROM party_orgs WHERE retired_at IS NULL');
		const world = await ok('/collections/party-orgs/items?bbox=-180,-90,180,90&limit=1');
		expect(world.numberMatched).toBe(orgs);
		// a box that crosses the antimeridian: its western half (-180…120) holds the city, the eastern
		// half (170…180) nothing; the other way round neither half holds it
		const west = await ok('/collections/party-orgs/items?bbox=170,-90,120,90&limit=1');
		expect(west.numberMatched).toBe(orgs);
		const east = await ok('/collections/party-orgs/items?bbox=120,-90,-170,90&limit=1');
		expect(east.numberMatched).toBe(0);
		// six numbers (with heights) are read as the four
		const six = await ok('/collections/party-orgs/items?bbox=-180,-90,0,180,90,100&limit=1');
		expect(six.numberMatched).toBe(orgs);
		// a small box counts what PostGIS counts
		const { rows } = await sql.query(
			`SELECT ST_X(ST_Centroid(geom)) x, ST_Y(ST_Centroid(geom)) y FROM areas WHERE code = '360802'`
		);
		const b = [rows[0].x - 0.01, rows[0].y - 0.01, rows[0].x + 0.01, rows[0].y + 0.01];
		const n = await count(
			'SELECT count(*) AS n FROM facilities WHERE retired_at IS NULL AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))',
			b
		);
		expect((await ok(`/collections/facilities/items?bbox=${b.join(',')}&limit=1`)).numberMatched).toBe(n);
	});

	req('/req/core/fc-time-definition', async () => {
		const doc = await ok('/api', {});
		expect(doc.components.parameters.datetime).toEqual(
			expect.objectContaining({
				name: 'datetime',
				in: 'query',
				required: false,
				style: 'form',
				explode: false
			})
		);
		expect(doc.components.parameters.datetime.description).toMatch(/Beijing/);
	});

	req('/req/core/fc-time-response', async () => {
		// a date is a Beijing day: an organization founded that day is found by that date, not by the day before
		const { rows } = await sql.query(
			`SELECT to_char(founded_on, 'YYYY-MM-DD') d, count(*) OVER (PARTITION BY founded_on) n
			 FROM party_orgs WHERE retired_at IS NULL AND founded_on IS NOT NULL ORDER BY founded_on LIMIT 1`
		);
		const d = rows[0].d;
		const before = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
		const sameDay = await ok(`/collections/party-orgs/items?datetime=${d}&limit=1`);
		expect(sameDay.numberMatched).toBe(Number(rows[0].n));
		expect(sameDay.features[0].properties.founded_on).toBe(d);
		const dayBefore = await ok(`/collections/party-orgs/items?datetime=${before}&limit=1`);
		expect(
			dayBefore.features.map((f: { properties: { founded_on: string } }) => f.properties.founded_on)
		).not.toContain(d);
		// intervals, closed and open, with dates and date-times
		const [from, to] = ['2015-01-01', '2019-12-31'];
		const inRange = await count(
			`SELECT count(*) AS n FROM party_orgs WHERE retired_at IS NULL AND founded_on BETWEEN $1 AND $2`,
			[from, to]
		);
		expect((await ok(`/collections/party-orgs/items?datetime=${from}/${to}&limit=1`)).numberMatched).toBe(
			inRange
		);
		const since = await count(
			`SELECT count(*) AS n FROM party_orgs WHERE retired_at IS NULL AND founded_on >= $1`,
			[from]
		);
		expect((await ok(`/collections/party-orgs/items?datetime=${from}/..&limit=1`)).numberMatched).toBe(since);
		const instant = encodeURIComponent(`${from}T00:00:00+08:00`);
		expect((await ok(`/collections/party-orgs/items?datetime=${instant}/..&limit=1`)).numberMatched).toBe(
			since
		);
		await refused('/collections/party-orgs/items?datetime=../..', 400, 'datetime');
		// a collection without time ignores datetime
		const areas = await count('SELECT count(*) AS n FROM areas WHERE retired_at IS NULL');
		expect((await ok(`/collections/areas/items?datetime=${d}&limit=1`)).numberMatched).toBe(areas);
	});

	req('/req/core/query-param-unknown', async () => {
		await refused('/collections/buildings/items?colour=red', 400, 'colour');
		await refused('/collections?colour=red', 400, 'colour');
		await refused('/collections/buildings/items/1?limit=1', 400, 'limit');
		await refused('/conformance?x=1', 400, 'x');
	});

	req('/req/core/query-param-invalid', async () => {
		await refused('/collections/buildings/items?limit=abc', 400, 'limit');
		await refused('/collections/buildings/items?offset=-1', 400, 'offset');
		await refused('/collections/buildings/items?bbox=1,2,3', 400, 'bbox');
		await refused('/collections/buildings/items?bbox=0,50,10,40', 400, 'bbox');
		await refused('/collections/buildings/items?bbox=0x10,1,2,3', 400, 'bbox');
		await refused('/collections/buildings/items?datetime=2026-02-30', 400, 'datetime');
		await refused('/collections/buildings/items?datetime=yesterday', 400, 'datetime');
		await refused('/collections/buildings/items?bbox-crs=EPSG:4326', 400, 'bbox-crs');
		await refused('/collections/buildings/items?f=xml', 400, 'f');
	});

	req('/req/core/fc-response', async () => {
		const fc = await ok('/collections/facilities/items?limit=5');
		expect(fc.type).toBe('FeatureCollection');
		expect(fc.features).toHaveLength(5);
	});

	req('/req/core/fc-links', async () => {
		const q = 'bbox=100,20,130,40&datetime=2000-01-01/..&limit=5';
		const fc = await ok(`/collections/party-orgs/items?${q}`);
		const self = new URL(link(fc.links, 'self')!.href);
		expect(self.searchParams.get('bbox')).toBe('100,20,130,40');
		expect(self.searchParams.get('datetime')).toBe('2000-01-01/..');
		expect(link(fc.links, 'self')!.type).toBe('application/geo+json');
	});

	req('/req/core/fc-rel-type', async () => {
		// next / prev keep every filter, and never carry the api_key
		const q = 'bbox=100,20,130,40&datetime=2000-01-01/..&limit=5';
		const fc = await ok(`/collections/party-orgs/items?${q}&api_key=redgrid-demo-key`, {});
		expect(fc.numberMatched).toBeGreaterThan(5);
		const next = new URL(link(fc.links, 'next')!.href);
		expect(next.searchParams.get('bbox')).toBe('100,20,130,40');
		expect(next.searchParams.get('datetime')).toBe('2000-01-01/..');
		expect(next.searchParams.get('offset')).toBe('5');
		expect(next.searchParams.has('api_key')).toBe(false);
		const p2 = await ok(next.href);
		expect(p2.numberMatched).toBe(fc.numberMatched);
		expect(p2.features[0].id).toBeGreaterThan(fc.features[4].id);
		expect(new URL(link(p2.links, 'prev')!.href).searchParams.get('bbox')).toBe('100,20,130,40');
	});

	req('/req/core/fc-timeStamp', async () => {
		const fc = await ok('/collections/areas/items?limit=1');
		expect(Math.abs(Date.parse(fc.timeStamp) - Date.now())).toBeLessThan(60_000);
	});

	req('/req/core/fc-numberMatched', async () => {
		const n = await count('SELECT count(*) AS n FROM compounds WHERE retired_at IS NULL');
		expect((await ok('/collections/compounds/items?limit=2')).numberMatched).toBe(n);
	});

	req('/req/core/fc-numberReturned', async () => {
		const fc = await ok('/collections/compounds/items?limit=7&offset=3');
		expect(fc.numberReturned).toBe(fc.features.length);
		expect(fc.numberReturned).toBe(7);
	});

	req('/req/core/f-op', async () => {
		const first = (await ok('/collections/facilities/items?limit=1')).features[0];
		expect((await get(`/collections/facilities/items/${first.id}`)).status).toBe(200);
	});

	req('/req/core/f-success', async () => {
		const first = (await ok('/collections/party-orgs/items?limit=1')).features[0];
		const f = await ok(`/collections/party-orgs/items/${first.id}`);
		expect(f.type).toBe('Feature');
		expect(f.id).toBe(first.id);
		expect(f.properties).toEqual(first.properties);
		expect(f.geometry).toEqual(first.geometry);
	});

	req('/req/core/f-links', async () => {
		const first = (await ok('/collections/facilities/items?limit=1')).features[0];
		const f = await ok(`/collections/facilities/items/${first.id}`);
		expect(link(f.links, 'self')!.href).toBe(`${baseUrl()}/ogc/collections/facilities/items/${first.id}`);
		expect(link(f.links, 'collection')!.href).toBe(`${baseUrl()}/ogc/collections/facilities`);
	});

	req('/req/core/http-status-404', async () => {
		expect((await refused('/collections/nowhere', 404)).code).toBe('NotFound');
		await refused('/collections/nowhere/items', 404);
		await refused('/collections/facilities/items/999999999', 404);
		await refused('/collections/facilities/items/abc', 404);
		await refused('/no/such/path', 404);
	});

	req('/req/core/crs84', async () => {
		const { rows } = await sql.query(
			'SELECT id, ST_X(geom) x, ST_Y(geom) y FROM facilities WHERE retired_at IS NULL ORDER BY id LIMIT 1'
		);
		const f = await ok(`/collections/facilities/items/${rows[0].id}`);
		// longitude first, then latitude (CRS84 axis order), 7 decimals
		expect(f.geometry.coordinates[0]).toBeCloseTo(rows[0].x, 6);
		expect(f.geometry.coordinates[1]).toBeCloseTo(rows[0].y, 6);
	});
});

describe('GeoJSON', () => {
	req('/req/geojson/definition', async () => {
		const items = await get('/collections/areas/items?limit=1');
		expect(items.headers.get('content-type')).toMatch(/^application\/geo\+json/);
		const id = (await items.json()).features[0].id;
		expect((await get(`/collections/areas/items/${id}`)).headers.get('content-type')).toMatch(
			/^application\/geo\+json/
		);
	});

	req('/req/geojson/content', async () => {
		const types: Record<string, string> = {
			areas: 'MultiPolygon',
			'grid-cells': 'MultiPolygon',
			compounds: 'MultiPolygon',
			buildings: 'MultiPolygon',
			facilities: 'Point',
			'party-orgs': 'Point',
			companies: 'MultiPolygon',
			tickets: 'Point'
		};
		for (const [id, type] of Object.entries(types)) {
			const fc = await ok(`/collections/${id}/items?limit=200`);
			for (const f of fc.features) {
				expect(f.type).toBe('Feature');
				expect(typeof f.properties).toBe('object');
				// one geometry type per collection (QGIS and GDAL guess it from the first features)
				expect(f.geometry?.type, `${id} ${f.id}`).toBe(type);
			}
		}
		// features without their own place say where their geometry comes from
		const orgs = (await ok('/collections/party-orgs/items?limit=10000')).features;
		const sources = new Set(
			orgs.map((f: { properties: { geometry_source: string } }) => f.properties.geometry_source)
		);
		expect([...sources].every((s) => ['own', 'compound', 'area'].includes(s as string))).toBe(true);
		const own = await count(
			'SELECT count(*) AS n FROM party_orgs WHERE retired_at IS NULL AND geom IS NOT NULL'
		);
		expect(
			orgs.filter((f: { properties: { geometry_source: string } }) => f.properties.geometry_source === 'own')
				.length
		).toBe(own);
		expect(orgs.length).toBeGreaterThan(own);
	});
});

describe('OpenAPI 3.0', () => {
	const api = () => ok('/api', {});

	req('/req/oas30/oas-definition-1', async () => {
		const res = await get('/api', {});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json;version=3\.0/);
	});

	req('/req/oas30/oas-definition-2', async () => {
		const doc = await api();
		expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
		expect(typeof doc.info.title).toBe('string');
		expect(typeof doc.info.version).toBe('string');
		// every $ref resolves inside the document
		const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
		for (const r of refs) {
			const target = r.slice(10, -1).split('/');
			let at: unknown = doc;
			for (const k of target) at = (at as Record<string, unknown>)?.[k];
			expect(at, r).toBeDefined();
		}
	});

	req('/req/oas30/oas-impl', async () => {
		const doc = await api();
		const first = (await ok('/collections/areas/items?limit=1')).features[0].id;
		for (const path of Object.keys(doc.paths)) {
			const url = path.replace('{collectionId}', 'areas').replace('{featureId}', String(first));
			expect((await get(url === '/' ? '' : url)).status, path).toBe(200);
		}
	});

	req('/req/oas30/completeness', async () => {
		// every parameter declared for items is accepted; one not declared is refused
		const doc = await api();
		const declared = doc.paths['/collections/{collectionId}/items'].get.parameters
			.map((p: { $ref: string }) => doc.components.parameters[p.$ref.split('/').pop()!])
			.filter((p: { in: string }) => p.in === 'query')
			.map((p: { name: string }) => p.name)
			.sort();
		expect(declared).toEqual(['api_key', 'bbox', 'bbox-crs', 'datetime', 'f', 'limit', 'offset']);
		const values: Record<string, string> = {
			api_key: 'redgrid-demo-key',
			bbox: '-180,-90,180,90',
			'bbox-crs': CRS84,
			datetime: '2000-01-01/..',
			f: 'geojson',
			limit: '2',
			offset: '1'
		};
		const all = new URLSearchParams(values);
		expect((await get(`/collections/facilities/items?${all}`, {})).status).toBe(200);
	});

	req('/req/oas30/exceptions-codes', async () => {
		const doc = await api();
		const responses = doc.paths['/collections/{collectionId}/items'].get.responses;
		expect(Object.keys(responses).sort()).toEqual(['200', '400', '401', '404', '500']);
		// the body of a refusal matches the declared exception schema
		const schema = doc.components.schemas.exception;
		const e = await refused('/collections/buildings/items?limit=x', 400);
		for (const k of schema.required) expect(e).toHaveProperty(k);
		for (const k of Object.keys(e)) expect(Object.keys(schema.properties)).toContain(k);
	});

	req('/req/oas30/security', async () => {
		const doc = await api();
		expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'apiKeyQuery', 'cookie']);
		expect(doc.paths['/'].get.security).toEqual([]);
		const anon = await get('/collections', {});
		expect(anon.status).toBe(401);
		expect((await anon.json()).code).toBe('Unauthorized');
		expect((await get('/collections', { 'x-api-key': 'wrong' })).status).toBe(401);
		expect((await get('/collections?api_key=redgrid-demo-key', {})).status).toBe(200);
	});
});

describe('the list of requirements', () => {
	it('every requirement of Part 1 is tested here or says why it does not apply', () => {
		const missing = Object.entries(REQUIREMENTS)
			.filter(([id, why]) => !tested.has(id) && !(typeof why === 'string' && why.length > 10))
			.map(([id]) => id);
		expect(missing).toEqual([]);
		const both = Object.entries(REQUIREMENTS).filter(([id, why]) => tested.has(id) && why !== null);
		expect(both).toEqual([]);
	});
});
