// Vector tiles from PostGIS (ST_AsMVT), cached in memory by layer, data version, scope and tile,
// and TileJSON 3.0 for each layer. See sql/migrations/010_tiles_search.sql for the versions.
import { config } from '../config.js';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gunzipSync, gzip as gzipCb, gzipSync } from 'node:zlib';
import { db } from '../db/pool';
import { assertSees, scopeKey, sees, SqlWhere, ticketCondition } from '../auth/scope';
import type { Scope } from '../auth/roles';
import { ByteLru, TILE_GZIP_LEVEL } from './cache';
import { BASE_LAYER_ID, tileLayer, type TileLayerId } from './layers';
import { LAYER_IDS } from '$lib/map/layer-ids';
import { knownLayerVersion, layerVersion } from './versions';
import { tilePool } from './replica';
import type { TileAddress } from './coords';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);
/**
 * Tiles up to this size (bytes) are (de)compressed on the event loop: about 0.1 ms for 10 KB, less
 * than the hop to libuv's thread pool and back; larger ones (up to ~5 ms for 500 KB) in the pool.
 */
const SYNC_ZLIB_MAX = 64 * 1024;
const compress = async (raw: Buffer) =>
	raw.length <= SYNC_ZLIB_MAX
		? gzipSync(raw, { level: TILE_GZIP_LEVEL })
		: gzip(raw, { level: TILE_GZIP_LEVEL });
const decompress = async (gz: Buffer) => (gz.length <= SYNC_ZLIB_MAX / 4 ? gunzipSync(gz) : gunzip(gz));

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
const IMMUTABLE = 'private, max-age=31536000, immutable';
const REVALIDATE = 'private, no-cache';

interface Entry {
	/** gzip-compressed tile, or an empty buffer for a tile with no features */
	gz: Buffer;
	byteLength: number;
}

const cache = new ByteLru<Entry>(config.tileCacheMb * 1024 * 1024);
const inFlight = new Map<string, Promise<Entry>>();

export const tileCacheStats = () => ({
	entries: cache.size,
	bytes: cache.byteSize,
	hits: cache.hits,
	misses: cache.misses
});

/** The part of the cache key that depends on who asks; refuses a layer the scope may not see. */
function cacheScope(layer: TileLayerId, scope: Scope): string {
	if (!tileLayer(layer).scoped) return '*';
	assertSees(scope, 'tiles', 'layer');
	return scopeKey(scope, 'tiles');
}

/** Each layer's tile SQL, hashed once (tileTag). */
const REVISIONS = new Map(
	([BASE_LAYER_ID, ...LAYER_IDS] as TileLayerId[]).map((l) => [
		l,
		createHash('sha1').update(tileLayer(l).sql).digest('hex').slice(0, 8)
	])
);
/**
 * What a tile URL's `?v=` carries: the layer's data version and a hash of its tile SQL, e.g.
 * `12.3f9a1c2b`. Tile URLs are immutable for a year, so what a tile holds must change its URL: an
 * edit bumps the data version, and a release whose SQL makes other tiles (a field more, a label
 * point) changes the hash, with no migration to bump versions. An instance still on the old SQL
 * during a rolling update answers the new URL as not immutable (its own hash differs), so no
 * browser keeps an old-SQL tile under a new-SQL URL.
 */
export const tileTag = (layer: TileLayerId, version: number): string => `${version}.${REVISIONS.get(layer)}`;

/** The tile SQL of a layer for a scope, and its parameters after z, x, y. */
export function tileQuery(layer: TileLayerId, scope: Scope): { sql: string; params: unknown[] } {
	const def = tileLayer(layer);
	if (!def.scoped) return { sql: def.sql, params: [] };
	const w = new SqlWhere([null, null, null]); // $1 z, $2 x, $3 y
	const cond = ticketCondition(scope, 'tiles', w);
	return { sql: def.sql.replaceAll('/*scope*/', cond), params: w.params.slice(3) };
}

const statementNames = new Map<string, string>();
/**
 * The name of a tile query's prepared statement: one per SQL text (a layer, and for tickets a kind
 * of scope), prepared once per pooled connection. Planning an ST_AsMVT query costs about as much as
 * running it on a small tile (0.6 vs 1.3 ms at scale 1), so a cache miss spares it.
 */
function statementName(sql: string): string {
	let name = statementNames.get(sql);
	if (!name) {
		name = `tile_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
		statementNames.set(sql, name);
	}
	return name;
}

/** Runs a layer's tile SQL and returns the MVT bytes (empty for a tile with no features). */
export async function renderTile(t: TileAddress, scope: Scope): Promise<Buffer> {
	const def = tileLayer(t.layer);
	if (t.z < def.minzoom) return Buffer.alloc(0);
	const q = tileQuery(t.layer, scope);
	const pool = await tilePool(t.layer); // the replica once it has this layer's version
	const { rows } = await pool.query<{ mvt: Buffer | null }>({
		name: statementName(q.sql),
		text: q.sql,
		values: [t.z, t.x, t.y, ...q.params]
	});
	return rows[0]?.mvt ?? Buffer.alloc(0);
}

async function load(key: string, t: TileAddress, scope: Scope): Promise<Entry> {
	const hit = cache.get(key);
	if (hit) return hit;
	let pending = inFlight.get(key);
	if (!pending) {
		pending = (async () => {
			const raw = await renderTile(t, scope);
			const gz = raw.length ? await compress(raw) : Buffer.alloc(0);
			const entry = { gz, byteLength: gz.length + key.length + 64 };
			cache.set(key, entry);
			return entry;
		})().finally(() => inFlight.delete(key));
		inFlight.set(key, pending);
	}
	return pending;
}

export interface TileResponse {
	status: 200 | 304;
	body: Buffer;
	headers: Record<string, string>;
}

/** The cache key of a tile: its layer's version and the scope's part (cacheScope) with its address. */
const cacheKey = (t: TileAddress, version: number, sk: string) =>
	`${t.layer}|${version}|${sk}|${t.z}/${t.x}/${t.y}`;

/** What a client says about the tile it asks for (its URL's ?v=, Accept-Encoding, If-None-Match). */
export interface TileAsk {
	requestedVersion: string | null;
	acceptGzip: boolean;
	ifNoneMatch: string | null;
}

/**
 * The response of a cached entry: 304 when the client has it, else its bytes. `gunzip`: the body is
 * still the gzip of the tile and the client takes no gzip, so it must be decompressed first.
 */
function respond(
	entry: Entry,
	layer: TileLayerId,
	version: number,
	sk: string,
	ask: TileAsk
): { r: TileResponse; gunzip: boolean } {
	const gzipped = ask.acceptGzip && entry.gz.length > 0;
	const tag = tileTag(layer, version);
	const etag = `"${layer}.${tag}.${sk}${gzipped ? '.gz' : ''}"`;
	const headers: Record<string, string> = {
		'content-type': MVT_TYPE,
		'cache-control': ask.requestedVersion === tag ? IMMUTABLE : REVALIDATE,
		etag,
		vary: 'Accept-Encoding',
		'x-tile-version': String(version)
	};
	if (ask.ifNoneMatch && ask.ifNoneMatch.split(/\s*,\s*/).includes(etag))
		return { r: { status: 304, body: Buffer.alloc(0), headers }, gunzip: false };
	if (gzipped) headers['content-encoding'] = 'gzip';
	return { r: { status: 200, body: entry.gz, headers }, gunzip: !gzipped && entry.gz.length > 0 };
}

/**
 * A tile for a user. `requestedVersion` is the ?v= of the URL: when it is the layer's current
 * tag (tileTag: this data version and this release's SQL) the response is immutable; otherwise
 * (stale, another release's, or absent) it is the current data, to be revalidated. The cache is
 * keyed by the server's version, never the client's.
 */
export async function getTile(t: TileAddress, scope: Scope, ask: TileAsk): Promise<TileResponse> {
	const sk = cacheScope(t.layer, scope);
	const version = await layerVersion(t.layer);
	const entry = await load(cacheKey(t, version, sk), t, scope);
	const { r, gunzip } = respond(entry, t.layer, version, sk, ask);
	return gunzip ? { ...r, body: await decompress(r.body) } : r;
}

/**
 * getTile's answer when it needs no wait: the layer's version known in memory and the tile cached,
 * and no gunzip needed (the client takes gzip, or it is a 304 or an empty tile). src/lib/server/
 * tiles/fast.ts answers such a hit with no promise at all; undefined otherwise (then getTile).
 * Refuses a layer the scope may not see, as getTile does.
 */
export function cachedTile(t: TileAddress, scope: Scope, ask: TileAsk): TileResponse | undefined {
	const sk = cacheScope(t.layer, scope);
	const version = knownLayerVersion(t.layer);
	if (version === undefined) return undefined;
	const key = cacheKey(t, version, sk);
	const entry = cache.peek(key);
	if (!entry) return undefined;
	const { r, gunzip } = respond(entry, t.layer, version, sk, ask);
	if (gunzip) return undefined; // getTile gunzips it, and counts the hit
	cache.get(key); // the hit counted, its recency refreshed
	return r;
}

let boundsMemo: { version: number; bounds: [number, number, number, number] } | null = null;

async function cityBounds(): Promise<[number, number, number, number]> {
	const version = await layerVersion('areas');
	if (boundsMemo?.version === version) return boundsMemo.bounds;
	const { rows } = await db().query<{ b: [number, number, number, number] | null }>(
		`SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)]::float8[] AS b
		 FROM (SELECT ST_Extent(geom) AS e FROM areas WHERE parent_id IS NULL AND retired_at IS NULL) x`
	);
	const b = rows[0]?.b ?? [-180, -85.0511, 180, 85.0511];
	const bounds = b.map((v) => Math.round(v * 1e6) / 1e6) as [number, number, number, number];
	boundsMemo = { version, bounds };
	return bounds;
}

/** TileJSON 3.0.0 of a layer; its tile URL carries the layer's data version. */
export async function tileJson(layer: TileLayerId, scope: Scope, origin: string) {
	const def = tileLayer(layer);
	cacheScope(layer, scope); // refuses a layer the scope may not see
	const [version, bounds] = await Promise.all([layerVersion(layer), cityBounds()]);
	return {
		tilejson: '3.0.0',
		name: layer,
		description: def.description,
		version: '1.0.0',
		scheme: 'xyz',
		tiles: [`${origin}/api/tiles/${layer}/{z}/{x}/{y}.mvt?v=${tileTag(layer, version)}`],
		minzoom: def.minzoom,
		maxzoom: def.maxzoom,
		bounds,
		center: [
			Math.round(((bounds[0] + bounds[2]) / 2) * 1e6) / 1e6,
			Math.round(((bounds[1] + bounds[3]) / 2) * 1e6) / 1e6,
			Math.max(def.minzoom, 9)
		],
		vector_layers: ('vectorLayers' in def
			? def.vectorLayers
			: [{ id: layer, description: def.description, fields: def.fields }]
		).map((v) => ({ ...v, minzoom: def.minzoom, maxzoom: def.maxzoom })),
		...(layer === 'basemap' ? { attribution: await baseMapAttribution() } : {}),
		data_version: version
	};
}

/**
 * The TileJSON of the base map and of every layer `scope` may see, by source id: what a map page
 * would otherwise fetch, one request per source, before it could ask for a single tile (the map
 * page puts them in its data, src/routes/map/+page.server.ts). A layer the scope may not see is left out.
 */
export async function tileJsonsFor(scope: Scope, origin: string): Promise<Record<string, TileJson>> {
	const out: Record<string, TileJson> = {};
	for (const layer of [BASE_LAYER_ID, ...LAYER_IDS] as TileLayerId[]) {
		if (tileLayer(layer).scoped && !sees(scope, 'tiles')) continue;
		out[layer] = await tileJson(layer, scope, origin);
	}
	return out;
}

export type TileJson = Awaited<ReturnType<typeof tileJson>>;

/**
 * The base map's credit, shown by the map: OpenStreetMap's when any imported feature came from it
 * (ODbL), and always that of the official division names and codes the demo uses (CC BY 4.0).
 */
let attributionMemo: { version: number; text: string } | null = null;

async function baseMapAttribution(): Promise<string> {
	// three EXISTS over the base map's tables (a full scan of each when nothing came from OSM): once
	// per base map version, not on every page that opens a map
	const version = await layerVersion('basemap');
	if (attributionMemo?.version === version) return attributionMemo.text;
	const { rows } = await db().query<{ osm: boolean }>(
		`SELECT EXISTS (SELECT 1 FROM roads WHERE osm_id IS NOT NULL) OR EXISTS (SELECT 1 FROM water WHERE osm_id IS NOT NULL)
		     OR EXISTS (SELECT 1 FROM landuse WHERE osm_id IS NOT NULL) AS osm`
	);
	const credits = ['区划代码 © Vonng/adcode (CC BY 4.0)'];
	if (rows[0]?.osm) credits.unshift('© OpenStreetMap contributors (ODbL)');
	attributionMemo = { version, text: credits.join(' · ') };
	return attributionMemo.text;
}
