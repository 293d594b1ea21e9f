import { describe, expect, it } from 'vitest';
import { lineEwkb, multiPolygonEwkb, pointEwkb } from './ewkb';

describe('hex EWKB', () => {
	it('writes little-endian headers with the SRID flag and 4326, then the counts and doubles', () => {
		const hex = pointEwkb([1, 2]);
		// 01 | type 1 with 0x20000000 | SRID 4326 (0x10e6) | x | y
		expect(hex.slice(0, 18)).toBe('01' + '01000020' + 'e6100000');
		expect(Buffer.from(hex.slice(18), 'hex').readDoubleLE(0)).toBe(1);
		expect(Buffer.from(hex.slice(18), 'hex').readDoubleLE(8)).toBe(2);
		const line = lineEwkb([
			[0, 0],
			[1, 1],
			[2, 0]
		]);
		expect(line.slice(0, 18)).toBe('01' + '02000020' + 'e6100000');
		expect(Buffer.from(line.slice(18, 26), 'hex').readUInt32LE(0)).toBe(3);
		expect(line.length).toBe(2 * (9 + 4 + 3 * 16));
		// the inner polygon's header carries no SRID
		const multi = multiPolygonEwkb([
			[
				[
					[0, 0],
					[1, 0],
					[1, 1],
					[0, 0]
				]
			]
		]);
		expect(multi.slice(0, 26)).toBe('01' + '06000020' + 'e6100000' + '01000000');
		expect(multi.slice(26, 36)).toBe('01' + '03000000');
	});

	it('refuses a coordinate that is not a finite number, naming it', () => {
		expect(() => pointEwkb([NaN, 27])).toThrow('not a coordinate: [NaN, 27]');
		expect(() =>
			lineEwkb([
				[114, 27],
				[115, Infinity]
			])
		).toThrow(/not a coordinate/);
	});
});
