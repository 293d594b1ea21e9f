// The Gan river (赣江) through 吉州区: a smooth centreline through points along its real course,
// a water polygon 500-800 m wide around it, the banks' roads just outside the water, and the land
// (a district minus the water and a strip along the banks) that streets are clipped to.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { cleanMulti, type MultiPolygonCoords } from './districts';
import { M_PER_DEG_LAT, mPerDegLon } from './geometry';
import type { Point } from './rows';

/**
 * The course (WGS84), south-west to north-east: from about (114.93 E, 27.02 N), past the old
 * centre on its west bank near (115.00 E, 27.11 N), to about (115.05 E, 27.25 N); extended a little
 * beyond both ends so that the water leaves the district's view at its edges.
 */
const COURSE: Point[] = [
	[114.895, 26.985],
	[114.93, 27.02],
	[114.962, 27.058],
	[114.987, 27.088],
	[115.0, 27.11],
	[115.008, 27.14],
	[115.022, 27.18],
	[115.037, 27.215],
	[115.05, 27.25],
	[115.062, 27.285]
];

/** Metres between the water's edge and the edge of the land that streets may take (the bank road runs in it). */
export const BANK_STRIP_M = 90;
/** Where the bank roads run: this far outside the water's edge. */
export const BANK_ROAD_M = 45;

export interface River {
	name: string;
	/** The smoothed centreline, about every 150 m. */
	centre: Point[];
	/** Half the river's width at each centreline point, in metres (250-400). */
	halfWidth: number[];
	water: MultiPolygonCoords;
	/** The water widened by the bank strip: land for streets is the district minus this. */
	keepOut: Feature<Polygon>;
	/** The roads along both banks, west then east, as polylines. */
	banks: [Point[], Point[]];
}

function smooth(points: Point[]): Point[] {
	const line = turf.bezierSpline(turf.lineString(points), { resolution: 10000, sharpness: 0.6 });
	const length = turf.length(line, { units: 'meters' });
	const out: Point[] = [];
	const steps = Math.ceil(length / 150);
	for (let k = 0; k <= steps; k++)
		out.push(
			turf.along(line, (length * k) / steps, { units: 'meters' }).geometry.coordinates as unknown as Point
		);
	return out;
}

/** Points at signed distance d(k) metres to the left (d > 0) of the centreline at each point. */
function offset(centre: Point[], d: (k: number) => number): Point[] {
	return centre.map((p, k) => {
		const a = centre[Math.max(0, k - 1)];
		const b = centre[Math.min(centre.length - 1, k + 1)];
		const mx = mPerDegLon(p[1]);
		const dx = (b[0] - a[0]) * mx;
		const dy = (b[1] - a[1]) * M_PER_DEG_LAT;
		const len = Math.hypot(dx, dy) || 1;
		// left normal of (dx, dy) is (-dy, dx)
		const off = d(k);
		return [p[0] + ((-dy / len) * off) / mx, p[1] + ((dx / len) * off) / M_PER_DEG_LAT];
	});
}

function band(centre: Point[], half: (k: number) => number): Feature<Polygon> {
	const left = offset(centre, half);
	const right = offset(centre, (k) => -half(k));
	const ring = [...left, ...right.reverse(), left[0]];
	return turf.rewind(turf.polygon([ring])) as Feature<Polygon>;
}

let memo: River | null = null;

/** The Gan river. Fixed geography: the same for every seed. */
export function ganRiver(): River {
	if (memo) return memo;
	const centre = smooth(COURSE);
	// 500-800 m wide: wider in the bends, narrower between them (a slow wave along the course)
	const halfWidth = centre.map((_, k) => 325 + 75 * Math.sin(k / 9) * Math.cos(k / 23));
	const water = band(centre, (k) => halfWidth[k]);
	memo = {
		name: '赣江',
		centre,
		halfWidth,
		water: cleanMulti([water.geometry.coordinates]),
		keepOut: band(centre, (k) => halfWidth[k] + BANK_STRIP_M),
		banks: [
			offset(centre, (k) => halfWidth[k] + BANK_ROAD_M),
			offset(centre, (k) => -(halfWidth[k] + BANK_ROAD_M))
		]
	};
	return memo;
}

/** A district's land: its polygon minus the river and its bank strip (null when nothing is left). */
export function landOf(district: Feature<Polygon | MultiPolygon>): Feature<Polygon | MultiPolygon> | null {
	const river = ganRiver();
	if (!turf.booleanIntersects(district, river.keepOut)) return district;
	return turf.difference(turf.featureCollection([district, river.keepOut]));
}

/**
 * Where a horizontal line at latitude y crosses a polyline (the first crossing), or null.
 * Used to end roads at the banks and to span bridges between them.
 */
export function crossingAtLat(line: Point[], y: number): number | null {
	for (let k = 1; k < line.length; k++) {
		const [a, b] = [line[k - 1], line[k]];
		if ((a[1] - y) * (b[1] - y) <= 0 && a[1] !== b[1])
			return a[0] + ((y - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
	}
	return null;
}
