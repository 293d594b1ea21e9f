import { describe, expect, it } from 'vitest';
import { addDays, beijingDay, beijingMinute, isRealDate, startOfBeijingDay } from './days';

describe('Beijing days', () => {
	it('is the next day from 16:00 UTC on (00:00 in Beijing)', () => {
		expect(beijingDay(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
		expect(beijingDay(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
		expect(startOfBeijingDay('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
	});
	it('gives the Beijing wall-clock minute of an instant', () => {
		expect(beijingMinute('2026-11-30T16:05:59.900Z')).toBe('2026-12-01 00:05');
		expect(beijingMinute(Date.parse('2026-11-30T03:00:00Z'))).toBe('2026-11-30 11:00');
	});
	it('knows which days exist', () => {
		expect(isRealDate('2026-02-28')).toBe(true);
		expect(isRealDate('2028-02-29')).toBe(true);
		expect(isRealDate('2026-02-29')).toBe(false);
		expect(isRealDate('2026-02-30')).toBe(false);
		expect(isRealDate('2026-13-01')).toBe(false);
		expect(isRealDate('2026-04-31')).toBe(false);
		expect(isRealDate('2026-4-1')).toBe(false);
	});
});
