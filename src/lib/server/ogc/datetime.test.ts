import { describe, expect, it } from 'vitest';
import { parseDatetime } from './service';

describe('OGC datetime parameter', () => {
	it('reads instants, dates (the whole day) and open or closed intervals', () => {
		expect(parseDatetime('2024-05-01T08:00:00Z')).toEqual([
			new Date('2024-05-01T08:00:00Z'),
			new Date('2024-05-01T08:00:00Z')
		]);
		expect(parseDatetime('2024-05-01')).toEqual([
			new Date('2024-05-01T00:00:00Z'),
			new Date('2024-05-01T23:59:59.999Z')
		]);
		expect(parseDatetime('../2024-05-01T00:00:00+08:00')).toEqual([null, new Date('2024-04-30T16:00:00Z')]);
		expect(parseDatetime('2024-05-01T00:00:00Z/')).toEqual([new Date('2024-05-01T00:00:00Z'), null]);
	});
	it('refuses what is not RFC 3339, and intervals that end before they start', () => {
		expect(() => parseDatetime('yesterday')).toThrow(/datetime/);
		expect(() => parseDatetime('..')).toThrow(/datetime/);
		expect(() => parseDatetime('2024-05-02/2024-05-01')).toThrow(/ends before/);
		expect(() => parseDatetime('a/b/c')).toThrow(/one interval/);
	});
});
