import { describe, expect, it } from 'vitest';
import { filterFixes, type Fix } from './points';

// 0.0001° of latitude ≈ 11.1 m
const at = (s: number, north: number, accuracy = 10): Fix => ({
	t: 1_800_000_000_000 + s * 1000,
	lon: 114.98,
	lat: 27.11 + north * 0.0001,
	accuracy
});

describe('patrol fixes', () => {
	it('keeps a walk, drops a bad accuracy, a jump and a repeat, and counts each', () => {
		const r = filterFixes(null, [
			at(10, 1), // 11 m in 10 s from the first
			at(0, 0),
			at(20, 2, 150), // accuracy worse than 100 m
			at(30, 100), // 1,100 m in 20 s from the last kept fix = 55 m/s
			at(40, 2), // 11 m in 30 s
			at(40, 2) // same time again
		]);
		expect(r.kept.map((f) => f.t - 1_800_000_000_000)).toEqual([0, 10_000, 40_000]);
		expect(r.dropped).toEqual({ accuracy: 1, speed: 1, time: 1 });
	});

	it('checks speed against the last stored fix of an earlier batch, and the patrol start', () => {
		const r = filterFixes(at(0, 0), [at(1, 10), at(100, 10), at(-5, 0)], at(-1, 0).t);
		// 111 m in 1 s is too fast; 111 m in 100 s is a walk; -5 s is before the patrol began
		expect(r.kept.map((f) => f.t)).toEqual([at(100, 10).t]);
		expect(r.dropped).toEqual({ accuracy: 0, speed: 1, time: 1 });
	});

	it('keeps fixes with no accuracy reported, exactly 100 m and just under 30 m/s', () => {
		const r = filterFixes(null, [
			{ ...at(0, 0), accuracy: null },
			at(1, 0, 100),
			// 30 m/s minus a hair: 2.69e-4° of latitude ≈ 29.9 m in 1 s
			{ ...at(2, 0), lat: 27.11 + 0.000269 }
		]);
		expect(r.kept).toHaveLength(3);
	});
});
