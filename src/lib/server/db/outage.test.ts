import { describe, expect, it } from 'vitest';
import { isOutage } from './outage';

describe('isOutage', () => {
	it('recognises refused connections, shutdowns and dropped connections', () => {
		expect(
			isOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))
		).toBe(true);
		expect(isOutage(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
		expect(isOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(isOutage(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(
			true
		);
	});
	it('does not take a query fault for an outage', () => {
		expect(isOutage(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
		expect(isOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
		expect(isOutage(new TypeError('x is undefined'))).toBe(false);
		expect(isOutage(null)).toBe(false);
	});
});
