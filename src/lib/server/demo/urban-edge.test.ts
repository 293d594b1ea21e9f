import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { rectRing, variedCuts } from './geometry';
import { Random } from './random';
import type { Rect } from './rows';
import { urbanEdge } from './urban-edge';

// 吉州区's blocks around the seat, as the layout plans them (generate.ts: 10 km × 8 km)
const CORE: Rect = [114.912, 27.08, 115.012, 27.155];
const rect = turf.polygon([rectRing(CORE)]);

describe('urbanEdge', () => {
	it('is the same edge for the same seed and another for another seed', () => {
		expect(urbanEdge(CORE, 20240701)).toEqual(urbanEdge(CORE, 20240701));
		expect(urbanEdge(CORE, 7).geometry.coordinates).not.toEqual(
			urbanEdge(CORE, 20240701).geometry.coordinates
		);
	});

	it.each([1, 7, 20240701])('at seed %i is a simple closed ring that cuts the blocks by 10-40 %%', (seed) => {
		const edge = urbanEdge(CORE, seed);
		const ring = edge.geometry.coordinates[0];
		expect(ring[0]).toEqual(ring.at(-1));
		expect(turf.kinks(edge).features).toHaveLength(0);
		expect(turf.booleanClockwise(ring)).toBe(false);
		const inside = turf.intersect(turf.featureCollection([rect, edge]))!;
		const share = turf.area(inside) / turf.area(rect);
		expect(share).toBeGreaterThan(0.6);
		expect(share).toBeLessThan(0.9);
		// it wanders: somewhere it bulges past the rectangle, somewhere it cuts deep into it
		const out = turf.difference(turf.featureCollection([edge, rect]));
		expect(out && turf.area(out)).toBeGreaterThan(0);
		const centre = turf.point([(CORE[0] + CORE[2]) / 2, (CORE[1] + CORE[3]) / 2]);
		const radii = ring.map((p) => turf.distance(centre, turf.point(p)));
		expect(Math.min(...radii) / Math.max(...radii)).toBeLessThan(0.6);
	});
});

describe('variedCuts', () => {
	it('divides a span into bands of varied widths, each within the bounds, the same for the same draws', () => {
		const draws = (seed: number) => {
			const rng = new Random(seed);
			return () => rng.next();
		};
		const cuts = variedCuts(10, 20, 8, 0.25, draws(3));
		expect(cuts).toEqual(variedCuts(10, 20, 8, 0.25, draws(3)));
		expect(cuts).toHaveLength(9);
		expect([cuts[0], cuts[8]]).toEqual([10, 20]);
		const widths = cuts.slice(1).map((x, k) => x - cuts[k]);
		// the mean band is 1.25 wide: none narrower than 1 − 2 × 0.25 of it, none wider than 1 + 2 × 0.25
		for (const w of widths) {
			expect(w).toBeGreaterThanOrEqual(0.625 - 1e-7);
			expect(w).toBeLessThanOrEqual(1.875 + 1e-7);
		}
		expect(Math.max(...widths) - Math.min(...widths)).toBeGreaterThan(0.2);
		// no amount: the equal division; one band: its ends; half a band or more could cross edges
		expect(variedCuts(0, 1, 4, 0, draws(3))).toEqual([0, 0.25, 0.5, 0.75, 1]);
		expect(variedCuts(0, 2, 1, 0.3, draws(3))).toEqual([0, 2]);
		expect(() => variedCuts(0, 1, 3, 0.5, draws(3))).toThrow(/amount 0.5/);
	});
});
