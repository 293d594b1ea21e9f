// The edge of 吉州区's built-up area. The layout plans the urban streets as one rectangle of blocks
// around the seat; a real city's built-up area is a blob whose edge wanders in and out as the town
// grew along its roads, with fields reaching in between. The layout lays a compound only in a slot
// whose centre lies inside this edge (layout.ts), and a community wholly outside is not laid out
// (its land is the street's fields, land-division.ts).
import * as turf from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { M_PER_DEG_LAT, mPerDegLon, r7 } from './geometry';
import { mulberry32 } from './random';
import type { Point, Rect } from './rows';

/** Vertices of the edge (one every 2°). */
const STEPS = 180;

/**
 * The built-up edge around a rectangle of urban blocks: a closed, counter-clockwise ring (degrees)
 * around the rectangle's centre. In each direction θ the edge lies at f(θ) times the distance from
 * the centre to the rectangle's boundary, with
 *   f(θ) = 0.88 + 0.10·sin(2θ + φ₁) + 0.06·sin(3θ + φ₂) + 0.04·sin(5θ + φ₃) + 0.025·sin(9θ + φ₄),
 * the phases drawn from `seed`: f stays within [0.655, 1.105], so the edge cuts the rectangle's
 * corners and sides by up to a third in a few broad lobes and many small bays, and bulges past it
 * here and there (the rectangle clips those). The ring is star-shaped about the centre (one radius
 * per direction), hence simple.
 *
 * @param rect the blocks' rectangle [west, south, east, north], degrees
 * @param seed the city's seed: the same seed, the same edge
 */
export function urbanEdge(rect: Rect, seed: number): Feature<Polygon> {
	const random = mulberry32((seed ^ 0x5eed_ed6e) >>> 0);
	const phases = [0, 1, 2, 3].map(() => random() * 2 * Math.PI);
	const cx = (rect[0] + rect[2]) / 2;
	const cy = (rect[1] + rect[3]) / 2;
	const mx = mPerDegLon(cy);
	const hw = ((rect[2] - rect[0]) / 2) * mx; // half-width, metres
	const hh = ((rect[3] - rect[1]) / 2) * M_PER_DEG_LAT;
	const ring: Point[] = [];
	for (let k = 0; k < STEPS; k++) {
		const t = (2 * Math.PI * k) / STEPS;
		const c = Math.cos(t);
		const s = Math.sin(t);
		const toSide = Math.min(
			Math.abs(c) > 1e-12 ? hw / Math.abs(c) : Infinity,
			Math.abs(s) > 1e-12 ? hh / Math.abs(s) : Infinity
		);
		const f =
			0.88 +
			0.1 * Math.sin(2 * t + phases[0]) +
			0.06 * Math.sin(3 * t + phases[1]) +
			0.04 * Math.sin(5 * t + phases[2]) +
			0.025 * Math.sin(9 * t + phases[3]);
		const r = toSide * f;
		ring.push([r7(cx + (r * c) / mx), r7(cy + (r * s) / M_PER_DEG_LAT)]);
	}
	ring.push(ring[0]);
	return turf.polygon([ring]);
}
