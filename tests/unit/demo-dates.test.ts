import { describe, expect, it } from 'vitest';
import { yearsBefore } from '../../src/lib/server/demo/governance';

describe('yearsBefore (demo committee terms)', () => {
	it('moves a date by whole years, 29 February to the 28th in a common year', () => {
		expect(yearsBefore('2026-11-30', 2)).toBe('2024-11-30');
		expect(yearsBefore('2024-02-29', -5)).toBe('2029-02-28');
		expect(yearsBefore('2024-02-29', -4)).toBe('2028-02-29');
		expect(yearsBefore('2024-02-29', 124)).toBe('1900-02-28');
	});
});
