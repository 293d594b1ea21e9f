import { describe, expect, it } from 'vitest';
import { parseView, TABS, viewQuery } from './dashboard-view';

describe('dashboard view in the URL', () => {
	it('round-trips area, tab, sort, window and bucket, leaving defaults out', () => {
		const v = { area: 12, tab: 'party' as const, sort: 'open:desc', days: 90, bucket: 'week' as const };
		const q = viewQuery(v);
		expect(q).toBe('?area=12&tab=party&sort=open%3Adesc&days=90&bucket=week');
		expect(parseView(new URLSearchParams(q.slice(1)), TABS)).toEqual(v);
		expect(viewQuery({ area: null, tab: 'overview', sort: null, days: 30, bucket: 'day' })).toBe('');
	});

	it('falls back to the defaults for what it cannot trust', () => {
		const v = parseView(new URLSearchParams('area=-3&tab=patrol&sort=x;drop&days=31&bucket=year'), [
			'overview',
			'party'
		]);
		expect(v).toEqual({ area: null, tab: 'overview', sort: null, days: 30, bucket: 'day' });
	});
});
