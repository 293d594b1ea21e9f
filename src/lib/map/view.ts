// Pure helpers behind MapView (src/lib/map/MapView.svelte): bounds of points and of GeoJSON, and
// the plan that brings a live map's declared sources and layers in line with what a page declares.
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

export type LngLat = [number, number];
/** [west, south, east, north] in degrees (WGS84). */
export type Bbox = [number, number, number, number];

/** How to frame the map on some points: padding in CSS pixels, maxZoom caps a single point's zoom. */
export interface FitRequest {
	points: LngLat[];
	padding?: number;
	maxZoom?: number;
	/** animation in ms (0 = jump) */
	duration?: number;
}

/** The bounding box of points, or null for none (non-finite coordinates are skipped). */
export function boundsOf(points: readonly (readonly number[])[]): Bbox | null {
	let w = Infinity;
	let s = Infinity;
	let e = -Infinity;
	let n = -Infinity;
	for (const p of points) {
		const [x, y] = p;
		if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
		if (x < w) w = x;
		if (x > e) e = x;
		if (y < s) s = y;
		if (y > n) n = y;
	}
	return w === Infinity ? null : [w, s, e, n];
}

/** Every position of a GeoJSON object (FeatureCollection, Feature or geometry), for fitting. */
export function positionsOf(g: unknown): LngLat[] {
	const out: LngLat[] = [];
	const walk = (c: unknown): void => {
		if (!Array.isArray(c)) return;
		if (typeof c[0] === 'number') out.push([c[0], c[1] as number]);
		else c.forEach(walk);
	};
	const visit = (o: unknown): void => {
		if (!o || typeof o !== 'object') return;
		const x = o as {
			type?: string;
			features?: unknown[];
			geometry?: unknown;
			geometries?: unknown[];
			coordinates?: unknown;
		};
		if (x.type === 'FeatureCollection') x.features?.forEach(visit);
		else if (x.type === 'Feature') visit(x.geometry);
		else if (x.type === 'GeometryCollection') x.geometries?.forEach(visit);
		else walk(x.coordinates);
	};
	visit(g);
	return out;
}

/** A source declared by a page: a GeoJSON object (drawn as a geojson source) or a full specification. */
export type DeclaredSource = GeoJSON.GeoJSON | SourceSpecification;

export const isSourceSpec = (s: DeclaredSource): s is SourceSpecification =>
	['vector', 'raster', 'raster-dem', 'geojson', 'image', 'video'].includes((s as { type: string }).type);

/** The MapLibre specification of a declared source. */
export const sourceSpec = (s: DeclaredSource): SourceSpecification =>
	isSourceSpec(s) ? s : { type: 'geojson', data: s as GeoJSON.GeoJSON };

export interface LayerPlan {
	/** layer ids to remove (declared before, not now, or changed) */
	remove: string[];
	/** layers to add, in declared order (new or changed) */
	add: LayerSpecification[];
}

/**
 * What to do so the map holds exactly `next` of the page's own layers, given `prev` (what it holds).
 * A layer whose specification changed is removed and added again; unchanged layers stay untouched.
 */
export function planLayers(
	prev: readonly LayerSpecification[],
	next: readonly LayerSpecification[]
): LayerPlan {
	const before = new Map(prev.map((l) => [l.id, JSON.stringify(l)]));
	const now = new Map(next.map((l) => [l.id, JSON.stringify(l)]));
	const remove = prev.filter((l) => now.get(l.id) !== before.get(l.id)).map((l) => l.id);
	const add = next.filter((l) => before.get(l.id) !== now.get(l.id));
	return { remove, add };
}
