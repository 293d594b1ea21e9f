// OGC API – Features, Part 1: Core, with the GeoJSON and OpenAPI 3.0 conformance classes. The
// collections are the project's layers (src/lib/map/layer-ids.ts); features come from the same SQL as
// the exports (src/lib/server/export/layers.ts), in the user's scope. Coordinates are CRS84.
import { z } from 'zod';
import { decimal } from '../input';
import { isLayerId } from '$lib/map/layer-ids';
import { db } from '../db/pool';
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

export function landing(base: string) {
	return {
		title: 'RedGrid 红色网格',
		description:
			'Areas, grid cells, compounds, buildings, facilities, party organizations, property companies and tickets of the city, as OGC API – Features.',
		links: [
			{ href: base, rel: 'self', type: JSON_T, title: 'this document' },
			{ href: `${base}/api`, rel: 'service-desc', type: OAS_T, title: 'the API definition' },
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
	const q = featureQuery(layer, {}, scope);
	const { rows } = await db().query(q.extent, q.params);
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
const instant = (s: string, field: string): Date | null => {
	if (s === '..' || s === '') return null;
	// RFC 3339 date-time, or a date (the whole day, UTC as the spec's examples)
	if (!/^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?$/.test(s))
		throw new InputError(400, field, `"${s}" is not an RFC 3339 date-time or date`);
	const d = new Date(s);
	if (Number.isNaN(d.getTime())) throw new InputError(400, field, `"${s}" is not a valid date`);
	return d;
};

/** datetime: an instant, or an interval "a/b" with ".." (or nothing) for an open end. */
export function parseDatetime(s: string): [Date | null, Date | null] {
	const parts = s.split('/');
	if (parts.length > 2) throw new InputError(400, 'datetime', 'an instant or one interval start/end');
	if (parts.length === 1) {
		const d = instant(s, 'datetime');
		if (!d) throw new InputError(400, 'datetime', '".." alone is not an instant');
		// a date alone means that whole day
		const end = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(d.getTime() + 86_400_000 - 1) : d;
		return [d, end];
	}
	const from = instant(parts[0], 'datetime');
	let to = instant(parts[1], 'datetime');
	if (to && /^\d{4}-\d{2}-\d{2}$/.test(parts[1])) to = new Date(to.getTime() + 86_400_000 - 1);
	if (from && to && from > to) throw new InputError(400, 'datetime', 'the interval ends before it starts');
	return [from, to];
}

const KNOWN = new Set(['limit', 'offset', 'bbox', 'bbox-crs', 'datetime', 'f', 'api_key']);

export const ItemsQuery = z.object({
	limit: decimal(z.number().int().min(1).default(DEFAULT_LIMIT)),
	offset: decimal(z.number().int().min(0).max(10_000_000).default(0)),
	bbox: z
		.string()
		.transform((s, ctx) => {
			const n = s.split(',').map((v) => (v.trim() === '' ? NaN : Number(v)));
			// 6 numbers carry heights, which our 2D layers ignore
			const b = n.length === 6 ? [n[0], n[1], n[3], n[4]] : n;
			if (b.length !== 4 || !b.every(Number.isFinite) || b[1] > b[3] || b[1] < -90 || b[3] > 90) {
				ctx.addIssue({ code: 'custom', message: 'minLon,minLat,maxLon,maxLat (CRS84), minLat ≤ maxLat' });
				return z.NEVER;
			}
			return b as [number, number, number, number];
		})
		.optional(),
	'bbox-crs': z.literal(CRS84).optional(),
	datetime: z.string().max(100).optional(),
	f: z.enum(['json', 'geojson']).optional()
});

export function checkParams(url: URL): void {
	for (const k of url.searchParams.keys())
		if (!KNOWN.has(k))
			throw new InputError(400, k, `unknown query parameter (known: ${[...KNOWN].join(', ')})`);
}

export async function items(id: string, q: z.infer<typeof ItemsQuery>, url: URL, base: string, scope: Scope) {
	const layer = layerOr404(id, scope);
	// the spec lets a server cap limit instead of refusing it
	const limit = Math.min(q.limit, MAX_LIMIT);
	const filter = {
		bbox: q.bbox,
		datetime: q.datetime ? parseDatetime(q.datetime) : undefined,
		limit,
		offset: q.offset
	};
	// a bbox that crosses the antimeridian (minLon > maxLon): none of our data lies there
	if (q.bbox && q.bbox[0] > q.bbox[2]) filter.bbox = [q.bbox[0], q.bbox[1], 180, q.bbox[3]];
	const sql = featureQuery(layer, filter, scope);
	const [rows, count] = await Promise.all([
		db().query<FeatureRow>(sql.rows, sql.params),
		db().query<{ n: number }>(sql.count, sql.params)
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
	const sql = featureQuery(layer, { id: fid }, scope);
	const { rows } = await db().query<FeatureRow>(sql.rows, sql.params);
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

export const MEDIA = { JSON_T, GEOJSON_T, OAS_T };
