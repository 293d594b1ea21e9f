// OGC API – Features, Part 1: Core, with the GeoJSON and OpenAPI 3.0 conformance classes. The
// collections are the project's layers (src/lib/map/layer-ids.ts); features come from the same SQL as
// the exports (src/lib/server/export/layers.ts), in the user's scope. Coordinates are CRS84.
import { z } from 'zod';
import { isLayerId } from '$lib/map/layer-ids';
import { readDb } from '../db/pool';
import type { Scope } from '../auth/roles';
import { InputError } from '../http';
import {
	FEATURE_LAYERS,
	featureQuery,
	layersFor,
	toFeature,
	type FeatureLayer,
	type FeatureRow
} from '../export/layers';
import { openApi } from './openapi';

export const CONFORMANCE = [
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
	'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30'
];
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 10;

const JSON_T = 'application/json';
const GEOJSON_T = 'application/geo+json';
const OAS_T = 'application/vnd.oai.openapi+json;version=3.0';
const HTML_T = 'text/html';

export function landing(base: string) {
	return {
		title: 'RedGrid 红色网格',
		description:
			'Areas, grid cells, compounds, buildings, facilities, party organizations, property companies and tickets of the city, as OGC API – Features.',
		links: [
			{ href: base, rel: 'self', type: JSON_T, title: 'this document' },
			{ href: `${base}/api`, rel: 'service-desc', type: OAS_T, title: 'the API definition' },
			{ href: `${base}/api?f=html`, rel: 'service-doc', type: HTML_T, title: 'the API documentation' },
			{ href: `${base}/conformance`, rel: 'conformance', type: JSON_T, title: 'conformance classes' },
			{ href: `${base}/collections`, rel: 'data', type: JSON_T, title: 'the collections' }
		]
	};
}

export const conformance = () => ({ conformsTo: CONFORMANCE });

export const apiDocument = (base: string) => openApi(base, Object.keys(FEATURE_LAYERS));

function layerOr404(id: string, scope: Scope): FeatureLayer {
	const layer = isLayerId(id) ? layersFor(scope).find((l) => l.id === id) : undefined;
	if (!layer) throw new InputError(404, 'collectionId', `no collection "${id}"`);
	return layer;
}

async function describe(layer: FeatureLayer, base: string, scope: Scope) {
	const q = featureQuery(layer, { place: true }, scope);
	const { rows } = await readDb().query(q.extent, q.params);
	const e = rows[0];
	const href = `${base}/collections/${layer.id}`;
	return {
		id: layer.id,
		title: layer.title,
		itemType: 'feature',
		crs: [CRS84],
		extent: {
			spatial: { bbox: [e?.x0 == null ? [-180, -90, 180, 90] : [e.x0, e.y0, e.x1, e.y1]], crs: CRS84 },
			...(layer.temporal
				? {
						temporal: {
							interval: [[e?.t0?.toISOString() ?? null, e?.t1?.toISOString() ?? null]],
							trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'
						}
					}
				: {})
		},
		links: [
			{ href, rel: 'self', type: JSON_T, title: layer.title },
			{ href: `${href}/items`, rel: 'items', type: GEOJSON_T, title: `${layer.title}: features` }
		]
	};
}

export async function collections(base: string, scope: Scope) {
	return {
		links: [{ href: `${base}/collections`, rel: 'self', type: JSON_T, title: 'the collections' }],
		collections: await Promise.all(layersFor(scope).map((l) => describe(l, base, scope)))
	};
}

export const collection = (id: string, base: string, scope: Scope) =>
	describe(layerOr404(id, scope), base, scope);

// ── items ────────────────────────────────────────────────────────────────────────────────────────
const BEIJING = '+08:00';
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Whether y-m-d is a day of the calendar (2026-02-30 is not). */
const realDay = (y: string, m: string, d: string) => {
	const t = new Date(Date.UTC(+y, +m - 1, +d));
	return t.getUTCFullYear() === +y && t.getUTCMonth() === +m - 1 && t.getUTCDate() === +d;
};

/**
 * One end of a datetime: an RFC 3339 date-time (with its zone), or a date, which is a whole Beijing
 * day (the city's dates, such as a founding date, are Beijing days): as a start its first instant, as
 * an end its last. `..` or nothing is an open end (null).
 */
function instant(s: string, end: boolean): Date | null {
	if (s === '..' || s === '') return null;
	const d = DATE_ONLY.exec(s);
	if (d) {
		if (!realDay(d[1], d[2], d[3]))
			throw new InputError(400, 'datetime', `"${s}" is not a day of the calendar`);
		const start = new Date(`${s}T00:00:00${BEIJING}`);
		return end ? new Date(start.getTime() + 86_400_000 - 1) : start;
	}
	const t = DATE_TIME.exec(s);
	if (!t)
		throw new InputError(
			400,
			'datetime',
			`"${s.slice(0, 40)}" is not an RFC 3339 date-time (2024-05-01T08:00:00+08:00) or date (2024-05-01)`
		);
	if (!realDay(t[1], t[2], t[3]) || +t[4] > 23 || +t[5] > 59 || +t[6] > 60)
		throw new InputError(400, 'datetime', `"${s}" is not a valid date-time`);
	return new Date(s);
}

/**
 * datetime (OGC API – Features Part 1, /req/core/fc-time-definition): an instant, a date (that whole
 * Beijing day), or an interval "start/end" with ".." or nothing for an open end; both ends open
 * ("../..") and intervals that end before they start are refused (400 naming datetime).
 * Returns [from, to], inclusive, either null when open.
 */
export function parseDatetime(s: string): [Date | null, Date | null] {
	const parts = s.split('/');
	if (parts.length > 2) throw new InputError(400, 'datetime', 'an instant or one interval start/end');
	if (parts.length === 1) {
		if (s === '..' || s === '') throw new InputError(400, 'datetime', '".." alone is not an instant');
		return [instant(s, false), instant(s, true)];
	}
	const from = instant(parts[0], false);
	const to = instant(parts[1], true);
	if (!from && !to)
		throw new InputError(
			400,
			'datetime',
			'an interval needs at least one end ("../.." matches nothing in particular)'
		);
	if (from && to && from > to) throw new InputError(400, 'datetime', 'the interval ends before it starts');
	return [from, to];
}

/** Query parameters every OGC resource takes: f (the format) and api_key (the integration's key). */
const COMMON = ['f', 'api_key'];
/** Query parameters of the items resource (as declared in the OpenAPI document). */
const ITEMS = [...COMMON, 'limit', 'offset', 'bbox', 'bbox-crs', 'datetime'];

const integer = (name: string, min: number, max: number, dflt: number) =>
	z
		.string()
		.optional()
		.transform((v, ctx) => {
			if (v === undefined) return dflt;
			const n = /^\d{1,12}$/.test(v) ? Number(v) : NaN;
			if (!Number.isInteger(n) || n < min || n > max) {
				ctx.addIssue({ code: 'custom', message: `${name}: an integer from ${min} to ${max}` });
				return z.NEVER;
			}
			return n;
		});

export const ItemsQuery = z.object({
	// the spec lets a server answer at most its maximum for a larger limit; the OpenAPI declares it
	limit: integer('limit', 1, Number.MAX_SAFE_INTEGER, DEFAULT_LIMIT).transform((n) => Math.min(n, MAX_LIMIT)),
	offset: integer('offset', 0, 10_000_000, 0),
	bbox: z
		.string()
		.transform((s, ctx) => {
			const n = s
				.split(',')
				.map((v) => (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : NaN));
			// 6 numbers carry heights, which our 2D layers ignore
			const b = n.length === 6 ? [n[0], n[1], n[3], n[4]] : n;
			if (
				b.length !== 4 ||
				!b.every(Number.isFinite) ||
				b[1] > b[3] ||
				b[1] < -90 ||
				b[3] > 90 ||
				Math.abs(b[0]) > 180 ||
				Math.abs(b[2]) > 180
			) {
				ctx.addIssue({
					code: 'custom',
					message:
						'minLon,minLat,maxLon,maxLat (CRS84), minLat ≤ maxLat; minLon > maxLon crosses the antimeridian'
				});
				return z.NEVER;
			}
			return b as [number, number, number, number];
		})
		.optional(),
	'bbox-crs': z.literal(CRS84).optional(),
	datetime: z.string().max(100).optional(),
	f: z.enum(['json', 'geojson']).optional(),
	api_key: z.string().optional()
});

/** Refuses (400 naming it) a query parameter the resource does not declare, or one given twice. */
export function checkParams(url: URL, known: readonly string[] = COMMON): void {
	const seen = new Set<string>();
	for (const k of url.searchParams.keys()) {
		if (!known.includes(k))
			throw new InputError(400, k, `unknown query parameter (this resource takes: ${known.join(', ')})`);
		if (seen.has(k)) throw new InputError(400, k, 'given more than once');
		seen.add(k);
	}
}

export const checkItemsParams = (url: URL) => checkParams(url, ITEMS);

/** The f parameter of the JSON resources (landing page, conformance, collections): json only. */
export function checkFormat(url: URL, allowed: readonly string[] = ['json']): void {
	const f = url.searchParams.get('f');
	if (f !== null && !allowed.includes(f))
		throw new InputError(400, 'f', `"${f.slice(0, 20)}" is not offered here (${allowed.join(', ')})`);
}

export async function items(id: string, q: z.infer<typeof ItemsQuery>, url: URL, base: string, scope: Scope) {
	const layer = layerOr404(id, scope);
	const limit = q.limit;
	const filter = {
		bbox: q.bbox,
		datetime: q.datetime ? parseDatetime(q.datetime) : undefined,
		limit,
		offset: q.offset,
		place: true
	};
	const sql = featureQuery(layer, filter, scope);
	const [rows, count] = await Promise.all([
		readDb().query<FeatureRow>(sql.rows, sql.params),
		readDb().query<{ n: number }>(sql.count, sql.params)
	]);
	const matched = count.rows[0].n;
	const page = (offset: number) => {
		const u = new URL(url);
		u.searchParams.delete('api_key'); // never hand a key on inside links
		u.searchParams.set('limit', String(limit));
		u.searchParams.set('offset', String(offset));
		return `${base}/collections/${layer.id}/items?${u.searchParams}`;
	};
	const links = [
		{ href: page(q.offset), rel: 'self', type: GEOJSON_T, title: 'this page' },
		{ href: `${base}/collections/${layer.id}`, rel: 'collection', type: JSON_T, title: layer.title }
	];
	if (q.offset + rows.rows.length < matched)
		links.push({ href: page(q.offset + limit), rel: 'next', type: GEOJSON_T, title: 'next page' });
	if (q.offset > 0)
		links.push({
			href: page(Math.max(0, q.offset - limit)),
			rel: 'prev',
			type: GEOJSON_T,
			title: 'previous page'
		});
	return {
		type: 'FeatureCollection',
		features: rows.rows.map(toFeature),
		numberMatched: matched,
		numberReturned: rows.rows.length,
		timeStamp: new Date().toISOString(),
		links
	};
}

export async function item(id: string, featureId: string, base: string, scope: Scope) {
	const layer = layerOr404(id, scope);
	const fid = Number(featureId);
	if (!Number.isInteger(fid) || fid <= 0 || fid > 2 ** 53)
		throw new InputError(404, 'featureId', `no feature "${featureId}" in ${layer.id}`);
	const sql = featureQuery(layer, { id: fid, place: true }, scope);
	const { rows } = await readDb().query<FeatureRow>(sql.rows, sql.params);
	// outside the scope reads as absent: no leak of which ids exist
	if (!rows[0]) throw new InputError(404, 'featureId', `no feature ${fid} in ${layer.id}`);
	const href = `${base}/collections/${layer.id}/items/${fid}`;
	return {
		...toFeature(rows[0]),
		links: [
			{ href, rel: 'self', type: GEOJSON_T, title: 'this feature' },
			{ href: `${base}/collections/${layer.id}`, rel: 'collection', type: JSON_T, title: layer.title }
		]
	};
}

export const MEDIA = { JSON_T, GEOJSON_T, OAS_T, HTML_T };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Param = { name: string; in: string; description?: string; schema?: Record<string, unknown> };

/**
 * The API documentation as a page (the landing page's `service-doc` link): every path of the OpenAPI
 * document with its parameters, read from that document so the two never disagree.
 */
export function apiHtml(base: string): string {
	const doc = apiDocument(base);
	const params = doc.components.parameters as Record<string, Param>;
	const deref = (p: unknown): Param =>
		(p as { $ref?: string }).$ref ? params[(p as { $ref: string }).$ref.split('/').pop()!] : (p as Param);
	const paths = Object.entries(
		doc.paths as Record<string, { get: { summary: string; parameters?: unknown[] } }>
	)
		.map(([path, { get }]) => {
			const rows = (get.parameters ?? [])
				.map(deref)
				.map(
					(p) =>
						`<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${escapeHtml(
							JSON.stringify(p.schema ?? {})
						)}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`
				)
				.join('');
			return `<h2><code>GET ${escapeHtml(base + (path === '/' ? '' : path))}</code></h2><p>${escapeHtml(get.summary)}</p>${
				rows
					? `<table><tr><th>parameter</th><th>in</th><th>schema</th><th>meaning</th></tr>${rows}</table>`
					: ''
			}`;
		})
		.join('\n');
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}</style></head>
<body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)}</p>
<p>The machine-readable definition: <a href="${escapeHtml(base)}/api">${escapeHtml(base)}/api</a> (OpenAPI 3.0). Errors are JSON <code>{code, description, field}</code>.</p>
${paths}</body></html>`;
}
