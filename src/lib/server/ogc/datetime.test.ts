import { describe, expect, it } from 'vitest';
import { parseDatetime } from './service';

describe('OGC datetime parameter', () => {
	it('reads instants, dates as whole Beijing days, and open or closed intervals', () => {
		expect(parseDatetime('2024-05-01T08:00:00Z')).toEqual([
			new Date('2024-05-01T08:00:00Z'),
			new Date('2024-05-01T08:00:00Z')
		]);
		// 2017-09-08 in Beijing: from 2017-09-07T16:00Z to just before 2017-09-08T16:00Z
		expect(parseDatetime('2017-09-08')).toEqual([
			new Date('2017-09-07T16:00:00Z'),
			new Date('2017-09-08T15:59:59.999Z')
		]);
		expect(parseDatetime('../2024-05-01T00:00:00+08:00')).toEqual([null, new Date('2024-04-30T16:00:00Z')]);
		expect(parseDatetime('2024-05-01T00:00:00Z/')).toEqual([new Date('2024-05-01T00:00:00Z'), null]);
		expect(parseDatetime('2024-05-01/2024-05-02')).toEqual([
			new Date('2024-04-30T16:00:00Z'),
			new Date('2024-05-02T15:59:59.999Z')
		]);
		expect(parseDatetime('/2024-05-01')).toEqual([null, new Date('2024-05-01T15:59:59.999Z')]);
	});
	it('refuses what is not RFC 3339, impossible days, both ends open and intervals that end before they start', () => {
		expect(() => parseDatetime('yesterday')).toThrow(/datetime/);
		expect(() => parseDatetime('..')).toThrow(/datetime/);
		expect(() => parseDatetime('../..')).toThrow(/at least one end/);
		expect(() => parseDatetime('/')).toThrow(/at least one end/);
		expect(() => parseDatetime('2026-02-30')).toThrow(/not a day/);
		expect(() => parseDatetime('2024-05-01T25:00:00Z')).toThrow(/datetime/);
		expect(() => parseDatetime('2024-05-01T08:00:00')).toThrow(/RFC 3339/);
		expect(() => parseDatetime('2024-05-02/2024-05-01')).toThrow(/ends before/);
		expect(() => parseDatetime('a/b/c')).toThrow(/one interval/);
	});
});
