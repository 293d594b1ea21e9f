/**
 * Points, distances and GeoJSON parsing for the siting solver. Pure (no Node-only APIs).
 *
 * Distances are metres. For lon/lat input they are great-circle (haversine) distances on a sphere
 * of the mean Earth radius; against the WGS84 ellipsoid this is off by at most about 0.5 %, which is
 * well below the precision of a walking-distance radius. With `planar`, coordinates are metres on a
 * plane (projected data, textbook instances) and distances are Euclidean.
 */
import { centroid } from '@turf/turf';
import { SitingInputError } from './errors';

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** One input point: lon/lat (or x/y metres with `planar`), an id and a weight. */
export interface SitePoint {
	id: string | number;
	x: number;
	y: number;
	weight: number;
}

/** A point as callers may pass it: id and weight optional (id defaults to the index, weight to 1). */
export interface PointInput {
	id?: string | number;
	x: number;
	y: number;
	weight?: number;
}

/** Minimal GeoJSON types (no dependency on @types/geojson). */
export interface GeoJsonGeometry {
	type: string;
	coordinates?: unknown;
}
export interface GeoJsonFeature {
	type: 'Feature';
	id?: string | number;
	geometry: GeoJsonGeometry | null;
	properties?: Record<string, unknown> | null;
}
export interface GeoJsonFeatureCollection {
	type: 'FeatureCollection';
	features: GeoJsonFeature[];
}

export type PointsInput = GeoJsonFeatureCollection | GeoJsonFeature[] | PointInput[];

const DEG = Math.PI / 180;

/** Great-circle distance in metres between two lon/lat points (haversine). */
export function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
	const dLat = (lat2 - lat1) * DEG;
	const dLon = (lon2 - lon1) * DEG;
	const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Distance in metres by the rule of the instance (haversine for lon/lat, Euclidean when planar). */
export function distance(a: { x: number; y: number }, b: { x: number; y: number }, planar: boolean): number {
	return planar ? Math.hypot(a.x - b.x, a.y - b.y) : haversine(a.x, a.y, b.x, b.y);
}

function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (typeof value === 'number') return String(value);
	return typeof value;
}

function isFeatureArray(list: unknown[]): list is GeoJsonFeature[] {
	return list.length > 0 && typeof list[0] === 'object' && list[0] !== null && 'type' in list[0];
}

export interface ParsePointsOptions {
	/** Property holding the weight (GeoJSON); absent: every feature weighs 1. */
	weightProperty?: string;
	/** Coordinates are metres on a plane; otherwise lon/lat degrees (range-checked). */
	planar?: boolean;
	/** Whether weights are read (demand) or ignored (candidates, existing facilities). */
	weighted?: boolean;
	/** Reject an empty list (demand, candidates). */
	required?: boolean;
}

/**
 * Normalise points from a GeoJSON FeatureCollection, an array of features, or an array of
 * `{ id?, x, y, weight? }`. Polygons and MultiPolygons stand for their centroid (turf's centroid:
 * the mean of the vertices). Feature ids are the feature `id`, else `properties.id`, else the index.
 * Throws SitingInputError naming the role (`demand`, `candidates`, `existing`) and index.
 */
export function parsePoints(role: string, input: unknown, options: ParsePointsOptions = {}): SitePoint[] {
	const { weightProperty, planar = false, weighted = false, required = false } = options;
	let list: unknown[];
	if (input === undefined || input === null) {
		list = [];
	} else if (Array.isArray(input)) {
		list = input;
	} else if (typeof input === 'object' && (input as { type?: unknown }).type === 'FeatureCollection') {
		const features = (input as { features?: unknown }).features;
		if (!Array.isArray(features)) {
			throw new SitingInputError(role, `${role} must be a GeoJSON FeatureCollection with a features array`);
		}
		list = features;
	} else {
		throw new SitingInputError(
			role,
			`${role} must be a GeoJSON FeatureCollection or an array of points; got ${describe(input)}`
		);
	}
	if (list.length === 0) {
		if (required) throw new SitingInputError(role, `${role} is empty: give at least one point`);
		return [];
	}
	const points: SitePoint[] = new Array(list.length);
	const features = isFeatureArray(list);
	for (let i = 0; i < list.length; i++) {
		const item = list[i];
		const where = `${role}[${i}]`;
		if (typeof item !== 'object' || item === null) {
			throw new SitingInputError(where, `${where} must be a GeoJSON Feature or a point object`);
		}
		let x: number;
		let y: number;
		let id: string | number = i;
		let rawWeight: unknown = 1;
		let weightName = 'weight';
		if (features) {
			const f = item as GeoJsonFeature;
			if (f.type !== 'Feature') {
				throw new SitingInputError(where, `${where} must be a GeoJSON Feature; got type ${describe(f.type)}`);
			}
			const props = (f.properties ?? {}) as Record<string, unknown>;
			if (typeof f.id === 'string' || typeof f.id === 'number') id = f.id;
			else if (typeof props.id === 'string' || typeof props.id === 'number') id = props.id;
			[x, y] = featurePoint(f, where);
			if (weighted && weightProperty) {
				weightName = `property "${weightProperty}"`;
				rawWeight = props[weightProperty];
			}
		} else {
			const p = item as PointInput;
			if (typeof p.id === 'string' || typeof p.id === 'number') id = p.id;
			x = p.x;
			y = p.y;
			if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
				throw new SitingInputError(
					`${where}.x`,
					`${where} must have finite numeric x and y; got x=${describe(x)}, y=${describe(y)}`
				);
			}
			if (weighted && p.weight !== undefined) rawWeight = p.weight;
		}
		let weight = 1;
		if (weighted) {
			if (typeof rawWeight !== 'number' || !Number.isFinite(rawWeight) || rawWeight < 0) {
				throw new SitingInputError(
					`${where}.weight`,
					`${where} weight (${weightName}) must be a non-negative finite number; got ${describe(rawWeight)}`
				);
			}
			weight = rawWeight;
		}
		if (!planar) checkLonLat(where, x, y);
		points[i] = { id, x, y, weight };
	}
	return points;
}

function checkLonLat(where: string, lon: number, lat: number): void {
	if (lon < -180 || lon > 180) {
		throw new SitingInputError(
			`${where}.geometry`,
			`${where} longitude ${lon} is out of range [-180, 180] (use planar for projected metres)`
		);
	}
	if (lat < -90 || lat > 90) {
		throw new SitingInputError(
			`${where}.geometry`,
			`${where} latitude ${lat} is out of range [-90, 90] (use planar for projected metres)`
		);
	}
}

function featurePoint(f: GeoJsonFeature, where: string): [number, number] {
	const g = f.geometry;
	const field = `${where}.geometry`;
	if (!g || typeof g !== 'object') {
		throw new SitingInputError(field, `${where} has no geometry: need a Point or Polygon`);
	}
	let coords: unknown;
	if (g.type === 'Point') {
		coords = g.coordinates;
	} else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
		if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
			throw new SitingInputError(field, `${where} ${g.type} has no coordinates`);
		}
		checkNumbersDeep(g.coordinates, field, where);
		coords = centroid(f as unknown as Parameters<typeof centroid>[0]).geometry.coordinates;
	} else {
		throw new SitingInputError(
			field,
			`${where} geometry must be a Point, Polygon or MultiPolygon; got ${describe(g.type)}`
		);
	}
	if (
		!Array.isArray(coords) ||
		coords.length < 2 ||
		typeof coords[0] !== 'number' ||
		typeof coords[1] !== 'number' ||
		!Number.isFinite(coords[0]) ||
		!Number.isFinite(coords[1])
	) {
		throw new SitingInputError(field, `${where} geometry coordinates must be finite numbers`);
	}
	return [coords[0], coords[1]];
}

function checkNumbersDeep(value: unknown, field: string, where: string): void {
	if (Array.isArray(value)) {
		for (const v of value) checkNumbersDeep(v, field, where);
	} else if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new SitingInputError(field, `${where} geometry coordinates must be finite numbers`);
	}
}

/**
 * Local equirectangular projection to metres around (lon0, lat0), used only to index points;
 * coverage is then decided by the exact haversine distance. Longitudes are wrapped relative to
 * lon0, so an instance may straddle the antimeridian as long as it spans less than 180 degrees.
 */
export function projectLocal(
	points: readonly SitePoint[],
	lon0: number,
	lat0: number
): { xs: Float64Array; ys: Float64Array } {
	const kx = EARTH_RADIUS_M * DEG * Math.cos(lat0 * DEG);
	const ky = EARTH_RADIUS_M * DEG;
	const xs = new Float64Array(points.length);
	const ys = new Float64Array(points.length);
	for (let i = 0; i < points.length; i++) {
		let dLon = points[i].x - lon0;
		if (dLon > 180) dLon -= 360;
		else if (dLon < -180) dLon += 360;
		xs[i] = dLon * kx;
		ys[i] = (points[i].y - lat0) * ky;
	}
	return { xs, ys };
}
