import { describe, expect, it } from 'vitest';
import { LIFE_CIRCLE_WALK_M, straightLineRadius } from './reach';

describe('reach rule', () => {
	it('shrinks the walking distance by the detour factor', () => {
		expect(straightLineRadius(500, 1.25)).toBe(400);
		expect(straightLineRadius(LIFE_CIRCLE_WALK_M['5min'], 1)).toBe(300);
	});
	it('uses the GB 50180-2018 walking distances', () => {
		expect(LIFE_CIRCLE_WALK_M).toEqual({ '5min': 300, '10min': 500, '15min': 1000 });
	});
});
