import { describe, expect, it } from 'vitest';
import { beijingDate, spanOf, windowAt } from './timeline';

describe('time slider windows', () => {
	const now = Date.parse('2026-11-26T18:30:00Z'); // 02:30 on 27 Nov in Beijing
	it('uses the Beijing date', () => expect(beijingDate(now)).toBe('2026-11-27'));
	it('ends the last day step with today', () => {
		expect(windowAt('day', 29, 30, now)).toEqual({ from: '2026-11-27', to: '2026-11-28' });
		expect(windowAt('day', 0, 30, now)).toEqual({ from: '2026-10-29', to: '2026-10-30' });
	});
	it('steps weeks back from today', () => {
		expect(windowAt('week', 11, 12, now)).toEqual({ from: '2026-11-21', to: '2026-11-28' });
		expect(windowAt('week', 10, 12, now)).toEqual({ from: '2026-11-14', to: '2026-11-21' });
	});
	it('spans every step of the slider, from the first day to the end of today', () => {
		expect(spanOf('day', 60, now)).toEqual({ from: '2026-09-29', to: '2026-11-28' });
		expect(spanOf('week', 26, now)).toEqual({ from: '2026-05-30', to: '2026-11-28' });
	});
});
