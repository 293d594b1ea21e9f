import { describe, expect, it } from 'vitest';
import { metresBetween } from './geo';
import { nearestNeighbour, pathLength, suggestRoute, twoOpt, type XY } from './route';

const O: XY = { x: 0, y: 0 };
const perms = (a: number[]): number[][] =>
	a.length <= 1
		? [a]
		: a.flatMap((x, i) => perms([...a.slice(0, i), ...a.slice(i + 1)]).map((p) => [x, ...p]));

describe('patrol route suggestion', () => {
	it('walks collinear stops in order of distance', () => {
		const stops = [
			{ x: 3, y: 0 },
			{ x: 1, y: 0 },
			{ x: 2, y: 0 }
		];
		expect(nearestNeighbour(O, stops)).toEqual([1, 2, 0]);
		expect(twoOpt(O, stops, [0, 1, 2])).toEqual([1, 2, 0]);
		expect(pathLength(O, stops, [1, 2, 0])).toBe(3);
	});

	it('2-opt fixes the nearest-neighbour walk on a hand-worked case', () => {
		// A(4,0) B(1,0) C(0,3) D(0,-3) from the origin. Nearest neighbour: B (1), A (3), C (5), D (6)
		// = 15 m. Better: C (3), A (5), B (3), D (√10) = 11 + √10 ≈ 14.16 m, the optimum of all 24 orders.
		const stops = [
			{ x: 4, y: 0 },
			{ x: 1, y: 0 },
			{ x: 0, y: 3 },
			{ x: 0, y: -3 }
		];
		const nn = nearestNeighbour(O, stops);
		expect(nn).toEqual([1, 0, 2, 3]);
		expect(pathLength(O, stops, nn)).toBe(15);
		const best = twoOpt(O, stops, nn);
		expect(best).toEqual([2, 0, 1, 3]);
		expect(pathLength(O, stops, best)).toBeCloseTo(11 + Math.sqrt(10), 9);
		const optimum = Math.min(...perms([0, 1, 2, 3]).map((o) => pathLength(O, stops, o)));
		expect(pathLength(O, stops, best)).toBeCloseTo(optimum, 9);
	});

	it('is never longer than nearest neighbour and visits every stop once (random cases)', () => {
		let seed = 7;
		const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 1000;
		let improvedSome = false;
		for (let n = 0; n < 200; n++) {
			const stops = Array.from({ length: 2 + (n % 14) }, () => ({ x: rnd(), y: rnd() }));
			const start = { x: rnd(), y: rnd() };
			const nn = nearestNeighbour(start, stops);
			const best = twoOpt(start, stops, nn);
			expect([...best].sort((a, b) => a - b)).toEqual(stops.map((_, i) => i));
			expect(pathLength(start, stops, best)).toBeLessThanOrEqual(pathLength(start, stops, nn) + 1e-9);
			if (pathLength(start, stops, best) < pathLength(start, stops, nn) - 1) improvedSome = true;
		}
		expect(improvedSome).toBe(true);
	});

	it('handles no stops and one stop', () => {
		expect(suggestRoute({ lon: 115, lat: 27 }, [])).toEqual({ stops: [], lengthM: 0, nearestNeighbourM: 0 });
		const one = suggestRoute({ lon: 115, lat: 27 }, [{ lon: 115.001, lat: 27, id: 9 }]);
		expect(one.stops.map((s) => s.id)).toEqual([9]);
		// 0.001° of longitude at 27° N ≈ 111,195 m × cos 27° / 1000 ≈ 99.1 m
		expect(one.lengthM).toBe(99);
		expect(Math.round(metresBetween({ lon: 115, lat: 27 }, { lon: 115.001, lat: 27 }))).toBe(99);
	});

	it('orders lon/lat stops the same way as their local metres', () => {
		const start = { lon: 114.98, lat: 27.11 };
		const m = 1 / 111_195; // ≈ 1 m of latitude in degrees
		const stops = [
			{ id: 'far', lon: 114.98, lat: 27.11 + 300 * m },
			{ id: 'near', lon: 114.98, lat: 27.11 + 100 * m },
			{ id: 'mid', lon: 114.98, lat: 27.11 + 200 * m }
		];
		const r = suggestRoute(start, stops);
		expect(r.stops.map((s) => s.id)).toEqual(['near', 'mid', 'far']);
		expect(r.lengthM).toBe(300);
	});
});
