import { describe, expect, it } from 'vitest';
import { groundMetres, hexCellOf, hexCenter, mercator, sizeForZoom } from './hex';

describe('hexagon cells', () => {
	it('puts each centre in its own cell', () => {
		for (const [i, j] of [
			[0, 0],
			[1, 0],
			[1, 1],
			[-1, 0],
			[-3, -2],
			[7, 4],
			[12345, 3210]
		] as const) {
			const [x, y] = hexCenter(100, i, j);
			expect(hexCellOf(x, y, 100)).toEqual([i, j]);
		}
	});

	it('matches ST_Hexagon centres (1.5·s·i, √3·s·(j + ½·|i| mod 2)) worked by hand', () => {
		expect(hexCenter(10, 1, 0)).toEqual([15, 10 * Math.sqrt(3) * 0.5]);
		expect(hexCenter(10, 2, 1)[1]).toBeCloseTo(17.3205, 4);
	});

	it('assigns points near an edge to the nearer centre', () => {
		// s = 10: cell (0,0) spans x ∈ [-10, 10] on y = 0; (1,0) is centred at (15, 8.66)
		expect(hexCellOf(9.9, 0, 10)).toEqual([0, 0]);
		expect(hexCellOf(14, 8, 10)).toEqual([1, 0]);
		expect(hexCellOf(9, 8.6, 10)).toEqual([1, 0]); // corner region between columns
		expect(hexCellOf(-0.1, -8.7, 10)).toEqual([0, -1]);
	});

	it('converts lon/lat to Web Mercator as EPSG:3857 does', () => {
		const [x, y] = mercator(114.985, 27.11);
		expect(x).toBeCloseTo(12800071.65, 1);
		expect(y).toBeCloseTo(3137221.53, 1);
	});

	it('sizes hexagons by zoom: halves per zoom level, whole zooms only', () => {
		expect(sizeForZoom(12)).toBe(Math.round(sizeForZoom(11) / 2));
		expect(sizeForZoom(11.4)).toBe(sizeForZoom(11));
		expect(groundMetres(1000, 60)).toBeCloseTo(500, 6);
	});
});
