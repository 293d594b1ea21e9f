// Geometry helpers of the demo generator: axis-aligned rectangles in degrees, clipping to polygons.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { cleanMulti, type MultiPolygonCoords } from './districts';
import type { Point, Rect } from './rows';

// ---------------------------------------------------------------------------------------------
// geometry helpers

export const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
export function rectRing(r: Rect): number[][] {
	return [
		[r[0], r[1]],
		[r[2], r[1]],
		[r[2], r[3]],
		[r[0], r[3]],
		[r[0], r[1]]
	];
}
export const rectMulti = (r: Rect): MultiPolygonCoords => [[rectRing(r)]];
export const inset = (r: Rect, fx: number, fy: number): Rect => {
	const dx = (r[2] - r[0]) * fx;
	const dy = (r[3] - r[1]) * fy;
	return [r7(r[0] + dx), r7(r[1] + dy), r7(r[2] - dx), r7(r[3] - dy)];
};
export const M_PER_DEG_LAT = 110_574;
export const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
export const rectMeters = (r: Rect): [number, number] => [
	(r[2] - r[0]) * mPerDegLon((r[1] + r[3]) / 2),
	(r[3] - r[1]) * M_PER_DEG_LAT
];

/**
 * The n + 1 edges of n bands dividing [a, b] (degrees): a and b themselves, and between them the
 * equal division's edges each moved by up to `amount` of a band's width, drawn from `draw` (a
 * uniform number in [0, 1)), so bands are of varied widths, none under 1 − 2·amount of the mean.
 * Rounded to 1e-7° as the layout's coordinates are.
 */
export function variedCuts(a: number, b: number, n: number, amount: number, draw: () => number): number[] {
	// under a half, neighbouring edges cannot pass each other
	if (!(amount >= 0 && amount < 0.5)) throw new RangeError(`variedCuts: amount ${amount} is not in [0, 0.5)`);
	const w = (b - a) / n;
	return Array.from({ length: n + 1 }, (_, k) =>
		k === 0 ? a : k === n ? b : r7(a + (k + (2 * draw() - 1) * amount) * w)
	);
}

/** The rectangle clipped to a polygon: null when (nearly) outside, the rectangle itself when inside. */
export function clipRect(
	r: Rect,
	to: Feature<Polygon | MultiPolygon>,
	minShare: number
): { geom: MultiPolygonCoords; clipped: boolean } | null {
	const rect = turf.polygon([rectRing(r)]);
	const full = turf.area(rect);
	const inter = turf.intersect(turf.featureCollection([rect, to]));
	if (!inter) return null;
	const a = turf.area(inter);
	if (a < full * minShare) return null;
	if (a >= full * (1 - 1e-9)) return { geom: rectMulti(r), clipped: false };
	const g = inter.geometry;
	return { geom: cleanMulti(g.type === 'Polygon' ? [g.coordinates] : g.coordinates), clipped: true };
}

/**
 * The distance in metres from a point to a polygon ring (0 inside it), on a local plane (degrees
 * scaled to metres at the point's latitude: exact enough within a few hundred metres).
 */
export function distanceToRingM(p: Point, ring: Point[]): number {
	const mx = mPerDegLon(p[1]);
	let inside = false;
	let best = Infinity;
	for (let k = 1; k < ring.length; k++) {
		const [ax, ay] = [(ring[k - 1][0] - p[0]) * mx, (ring[k - 1][1] - p[1]) * M_PER_DEG_LAT];
		const [bx, by] = [(ring[k][0] - p[0]) * mx, (ring[k][1] - p[1]) * M_PER_DEG_LAT];
		if (ay > 0 !== by > 0 && 0 < ax + ((0 - ay) * (bx - ax)) / (by - ay)) inside = !inside;
		const dx = bx - ax;
		const dy = by - ay;
		const len2 = dx * dx + dy * dy;
		const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
		best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
	}
	return inside ? 0 : best;
}
