// The seed's geometries go in as hex EWKB (src/lib/server/demo/ewkb.ts): PostGIS must read each as
// the very geometry the WKT of the same numbers gives, bit for bit.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { lineEwkb, multiPolygonEwkb, pointEwkb } from '../../src/lib/server/demo/ewkb';

const xy = (p: number[]) => `${p[0]} ${p[1]}`;
// doubles of every kind the city has: seventh decimals, long fractions, values that print in 17 digits
const P = [
	[114.9824567, 27.1123456],
	[115.00000000000001, 27.09999999999999],
	[114.93712180378515, 27.146712100000002],
	[-0.1, -33.3]
];

describe('hex EWKB for COPY', () => {
	const same = async (hex: string, ewkt: string) =>
		(
			await db().query<{ same: boolean; srid: number; text: string }>(
				`SELECT ST_AsEWKB($1::geometry) = ST_AsEWKB($2::geometry) AS same, ST_SRID($1::geometry) AS srid,
				   ST_AsText($1::geometry) AS text`,
				[hex, ewkt]
			)
		).rows[0];

	it('gives PostGIS the same point, line and multipolygon as their WKT, with SRID 4326', async () => {
		for (const p of P) {
			const r = await same(pointEwkb(p), `SRID=4326;POINT(${xy(p)})`);
			expect(r, xy(p)).toMatchObject({ same: true, srid: 4326 });
		}
		const line = await same(lineEwkb(P), `SRID=4326;LINESTRING(${P.map(xy).join(',')})`);
		expect(line).toMatchObject({ same: true, srid: 4326 });
		expect(line.text.startsWith('LINESTRING(114.9824567 27.1123456,')).toBe(true);
		// two polygons, the first with a hole
		const outer = [
			[0, 0],
			[10, 0],
			[10, 10],
			[0, 10],
			[0, 0]
		];
		const hole = [
			[2, 2],
			[2, 4],
			[4, 4],
			[4, 2],
			[2, 2]
		];
		const second = [
			[20, 20],
			[21.123456789, 20],
			[21, 21.5],
			[20, 20]
		];
		const ring = (r: number[][]) => `(${r.map(xy).join(',')})`;
		const multi = await same(
			multiPolygonEwkb([[outer, hole], [second]]),
			`SRID=4326;MULTIPOLYGON((${ring(outer)},${ring(hole)}),(${ring(second)}))`
		);
		expect(multi).toMatchObject({ same: true, srid: 4326 });
		expect(multi.text).toBe(`MULTIPOLYGON((${ring(outer)},${ring(hole)}),(${ring(second)}))`);
	});
});
