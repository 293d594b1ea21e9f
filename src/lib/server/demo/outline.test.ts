import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { chordAt, compoundOutline } from './outline';
import type { Point, Rect } from './rows';

const RECT: Rect = [115.0, 27.1, 115.004, 27.103];
const INNER: Rect = [115.0004, 27.10036, 115.0036, 27.10264];
const poly = (ring: Point[]) => turf.polygon([ring]);
const rectPoly = (r: Rect) =>
	turf.polygon([
		[
			[r[0], r[1]],
			[r[2], r[1]],
			[r[2], r[3]],
			[r[0], r[3]],
			[r[0], r[1]]
		]
	]);

describe('compoundOutline', () => {
	it('lies in its slot, holds its inner rectangle, and is a simple closed ring, for any seed', () => {
		const kinds = new Set<number>();
		for (let seed = 0; seed < 400; seed++) {
			const ring = compoundOutline({ rect: RECT, inner: INNER }, seed);
			expect(ring[0]).toEqual(ring[ring.length - 1]);
			expect(turf.kinks(poly(ring)).features).toHaveLength(0);
			expect(turf.booleanWithin(poly(ring), rectPoly(RECT))).toBe(true);
			expect(turf.booleanContains(poly(ring), rectPoly(INNER))).toBe(true);
			kinds.add(ring.length);
		}
		// rectangles and skewed quadrilaterals (5 points), and chamfered ones (6 to 9)
		expect([...kinds].sort()).toEqual([5, 6, 7, 8, 9]);
	});

	it('leaves the free north-east corner out (an L) in most cases, and keeps everything else', () => {
		const free = { x: 115.0025, y: 27.1021 };
		let ls = 0;
		for (let seed = 0; seed < 200; seed++) {
			const ring = compoundOutline({ rect: RECT, inner: INNER, freeNorthEast: free }, seed);
			const wall = poly(ring);
			const inNotch = turf.booleanPointInPolygon([115.0035, 27.1027], wall);
			if (!inNotch) ls++;
			// the rest of the inner rectangle, below and west of the notch, is always inside
			expect(turf.booleanContains(wall, rectPoly([INNER[0], INNER[1], INNER[2], free.y]))).toBe(true);
			expect(turf.booleanContains(wall, rectPoly([INNER[0], INNER[1], free.x, INNER[3]]))).toBe(true);
			expect(turf.kinks(wall).features).toHaveLength(0);
		}
		expect(ls / 200).toBeGreaterThan(0.6);
		expect(ls / 200).toBeLessThan(0.8);
	});
});

describe('chordAt', () => {
	const L: Point[] = [
		[0, 0],
		[4, 0],
		[4, 2],
		[2, 2],
		[2, 3],
		[0, 3],
		[0, 0]
	];
	it('gives the extent of a ring along a vertical or horizontal line', () => {
		expect(chordAt(L, 0, 1)).toEqual([0, 3]);
		expect(chordAt(L, 0, 3)).toEqual([0, 2]);
		expect(chordAt(L, 1, 2.5)).toEqual([0, 2]);
		expect(chordAt(L, 1, 1)).toEqual([0, 4]);
		expect(chordAt(L, 0, 5)).toBeNull();
	});
});
