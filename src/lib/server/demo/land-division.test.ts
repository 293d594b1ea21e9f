import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { rectMulti, rectRing } from './geometry';
import { divideLand, dropSpikes } from './land-division';
import type { Rect } from './rows';

const multi = (g: number[][][][]) => turf.multiPolygon(g);
const area = (f: Feature<Polygon | MultiPolygon> | null) => (f ? turf.area(f) : 0);
const overlap = (a: number[][][][], b: number[][][][]) =>
	area(turf.intersect(turf.featureCollection([multi(a), multi(b)])));
const covers = (outer: number[][][][], inner: number[][][][]) =>
	area(turf.difference(turf.featureCollection([multi(inner), multi(outer)]))) < 1;

// a district about 10 km × 8 km near Ji'an, cut by a 600 m river running north-south at 115.05°E
const WEST: Rect = [115.0, 27.0, 115.047, 27.072];
const EAST: Rect = [115.053, 27.0, 115.1, 27.072];
const land = turf.multiPolygon([[rectRing(WEST)], [rectRing(EAST)]]);

describe('divideLand', () => {
	const units = [
		rectMulti([115.01, 27.03, 115.02, 27.04]),
		rectMulti([115.02, 27.03, 115.03, 27.04]), // shares an edge with the first
		rectMulti([115.07, 27.05, 115.08, 27.06])
	];
	const grown = divideLand(land, units);

	it('tiles the land with the units: no gap, no overlap, each unit keeps its own polygon', () => {
		const total = grown.reduce((s, g) => s + turf.area(multi(g)), 0);
		expect(Math.abs(total - turf.area(land)) / turf.area(land)).toBeLessThan(1e-6);
		for (let a = 0; a < grown.length; a++) {
			expect(covers(grown[a], units[a]), `unit ${a} keeps its polygon`).toBe(true);
			for (let b = a + 1; b < grown.length; b++)
				expect(overlap(grown[a], grown[b]), `${a} × ${b}`).toBeLessThan(1);
		}
	});

	it('gives the land beyond the river to the unit on that bank, and none across it', () => {
		const eastBank = multi([[rectRing(EAST)]]);
		expect(area(turf.intersect(turf.featureCollection([multi(grown[2]), eastBank])))).toBeCloseTo(
			turf.area(eastBank),
			-2
		);
		for (const k of [0, 1])
			expect(area(turf.intersect(turf.featureCollection([multi(grown[k]), eastBank])))).toBeLessThan(1);
	});

	it('gives a place to the unit nearest to it', () => {
		// 1 km west of the first unit, 3 km from the second's far edge; and 1 km east of the second
		const westOfFirst = turf.point([115.0, 27.035]);
		const eastOfSecond = turf.point([115.04, 27.035]);
		expect(turf.booleanPointInPolygon(westOfFirst, multi(grown[0]))).toBe(true);
		expect(turf.booleanPointInPolygon(eastOfSecond, multi(grown[1]))).toBe(true);
		// the split between the two west units runs north-south through their shared edge
		expect(turf.booleanPointInPolygon(turf.point([115.019, 27.065]), multi(grown[0]))).toBe(true);
		expect(turf.booleanPointInPolygon(turf.point([115.021, 27.065]), multi(grown[1]))).toBe(true);
	});

	it('hands a bank with no unit on it to the units nearest to it', () => {
		const [west, ...rest] = divideLand(land, [units[0], units[1]]);
		const total = turf.area(multi(west)) + rest.reduce((s, g) => s + turf.area(multi(g)), 0);
		expect(Math.abs(total - turf.area(land)) / turf.area(land)).toBeLessThan(1e-6);
		// the east bank's point due east of the second unit goes to it, not to the first
		expect(turf.booleanPointInPolygon(turf.point([115.07, 27.035]), multi(rest[0]))).toBe(true);
	});
});

describe('dropSpikes', () => {
	it('drops the tip of a spike that runs out and back along the boundary, and nothing else', () => {
		// along the top edge westwards: to 0.2, back east to 0.4 (the spike), then on west to 0
		const spiked = [
			[0, 0],
			[1, 0],
			[1, 1],
			[0.5, 1],
			[0.2, 1],
			[0.4, 1],
			[0, 1],
			[0, 0]
		];
		expect(dropSpikes(spiked)).toEqual([
			[0, 0],
			[1, 0],
			[1, 1],
			[0.5, 1],
			[0.4, 1],
			[0, 1],
			[0, 0]
		]);
		// a vertex in the middle of a straight edge is kept, and so is every corner
		const plain = [
			[0, 0],
			[0.5, 0],
			[1, 0],
			[1, 1],
			[0, 1],
			[0, 0]
		];
		expect(dropSpikes(plain)).toEqual(plain);
	});
});
