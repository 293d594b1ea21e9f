// The CRS of an import: what the user says (wgs84, gcj02 / bd09 — 高德 / 腾讯 / 百度 —, or an EPSG code
// such as CGCS2000 EPSG:4490 or its Gauss-Kruger zones like EPSG:4547) against what the file declares.
// GCJ-02 and BD-09 are converted here (src/lib/server/geo/crs.ts); EPSG codes by PostGIS (PROJ).
import { InputError } from '../http';
import { toWgs84, type LonLat } from '../geo/crs';

export type ImportCrs =
	{ kind: 'wgs84' } | { kind: 'gcj02' } | { kind: 'bd09' } | { kind: 'epsg'; srid: number };

export function parseCrs(s: string): ImportCrs {
	const v = s.trim().toLowerCase();
	if (v === 'wgs84' || v === 'epsg:4326' || v === 'crs84') return { kind: 'wgs84' };
	if (v === 'gcj02' || v === 'gcj-02') return { kind: 'gcj02' };
	if (v === 'bd09' || v === 'bd-09') return { kind: 'bd09' };
	if (v === 'cgcs2000') return { kind: 'epsg', srid: 4490 };
	const m = /^epsg:(\d{4,6})$/.exec(v);
	if (m) return { kind: 'epsg', srid: Number(m[1]) };
	throw new InputError(400, 'crs', `"${s}": use wgs84, gcj02, bd09 or EPSG:nnnn (e.g. EPSG:4490, EPSG:4547)`);
}

export const crsLabel = (c: ImportCrs) =>
	c.kind === 'epsg' ? `EPSG:${c.srid}` : { wgs84: 'WGS84', gcj02: 'GCJ-02', bd09: 'BD-09' }[c.kind];

export type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };

/** Applies fn to every position of a GeoJSON geometry (a new geometry; the input is left alone). */
export function mapPositions(g: Geometry, fn: (p: LonLat) => LonLat): Geometry {
	const walk = (c: unknown): unknown =>
		Array.isArray(c) && typeof c[0] === 'number'
			? [...fn([c[0], c[1] as number]), ...c.slice(2)]
			: (c as unknown[]).map(walk);
	if (g.type === 'GeometryCollection')
		return { ...g, geometries: (g.geometries ?? []).map((x) => mapPositions(x, fn)) };
	return { ...g, coordinates: walk(g.coordinates) };
}

/** A position of the geometry to represent it (the mean of its first ring / line / points). */
export function samplePosition(g: Geometry): LonLat | null {
	let c: unknown = g.type === 'GeometryCollection' ? g.geometries?.[0]?.coordinates : g.coordinates;
	while (Array.isArray(c) && Array.isArray(c[0]) && Array.isArray((c[0] as unknown[])[0])) c = c[0];
	if (!Array.isArray(c)) return null;
	const pts = (typeof c[0] === 'number' ? [c] : c) as number[][];
	if (!pts.length) return null;
	return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

/** Chinese web-map CRSs the raw lon/lat might really be in, as functions to WGS84. */
export const INTERPRETATIONS = [
	{ kind: 'wgs84', label: 'WGS84', toWgs84: toWgs84('wgs84') },
	{ kind: 'gcj02', label: 'GCJ-02 (高德 / 腾讯)', toWgs84: toWgs84('gcj02') },
	{ kind: 'bd09', label: 'BD-09 (百度)', toWgs84: toWgs84('bd09') }
] as const;
