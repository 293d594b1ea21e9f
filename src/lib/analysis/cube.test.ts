import { describe, expect, it } from 'vitest';
import { aggregate, cubeZoom, dayIndex, decodeCube, encodeCube, hexRing, type CubeRow } from './cube';

const CATS = ['water', 'noise', 'road'];
const rows: CubeRow[] = [
	{ i: 3, j: -2, day: 2, category: 'noise', count: 4, overdue: 1 },
	{ i: 3, j: -2, day: 0, category: 'water', count: 2, overdue: 0 },
	{ i: -1, j: 7, day: 0, category: 'road', count: 1, overdue: 1 },
	{ i: -1, j: 7, day: 2, category: 'water', count: 300, overdue: 0 },
	{ i: 5, j: 5, day: 3, category: 'water', count: 9, overdue: 9 }
];
const header = { size: 1834, zoom: 10, from: '2026-11-01', to: '2026-11-05', days: 4, status: null };

const roundTrip = () => {
	const bytes = encodeCube(header, CATS, rows);
	return decodeCube(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
};

describe('playback cube', () => {
	it('decodes what it encodes: cells, day offsets and entries', () => {
		const c = roundTrip();
		expect(c).toMatchObject({ cells: 3, entries: 5, days: 4, categories: CATS, size: 1834 });
		expect([...c.dayStart]).toEqual([0, 2, 2, 4, 5]);
		const back = [...c.entryCell].map((cell, e) => ({
			i: c.cellI[cell],
			j: c.cellJ[cell],
			category: CATS[c.entryCategory[e]],
			count: c.entryCount[e],
			overdue: c.entryOverdue[e]
		}));
		expect(back).toContainEqual({ i: -1, j: 7, category: 'water', count: 300, overdue: 0 });
		expect(back).toContainEqual({ i: 5, j: 5, category: 'water', count: 9, overdue: 9 });
	});

	it('refuses a truncated buffer and a day outside the window', () => {
		const bytes = encodeCube(header, CATS, rows);
		expect(() => decodeCube(bytes.slice(0, bytes.length - 3).buffer)).toThrow(/truncated/);
		expect(() => encodeCube(header, CATS, [{ ...rows[0], day: 4 }])).toThrow(/outside/);
		expect(() => encodeCube(header, CATS, [{ ...rows[0], category: 'lava' }])).toThrow(/lava/);
	});

	it('sums a window of days and a category filter per cell', () => {
		const c = roundTrip();
		const cell = (i: number, j: number) => [...c.cellI].findIndex((x, k) => x === i && c.cellJ[k] === j);
		const all = aggregate(c, { from: '2026-11-01', to: '2026-11-05' });
		expect(all.total).toBe(316);
		expect(all.cells).toBe(3);
		expect(all.counts[cell(-1, 7)]).toBe(301);
		expect(all.overdue[cell(5, 5)]).toBe(9);
		// day 2 only (2026-11-03)
		const d2 = aggregate(c, { from: '2026-11-03', to: '2026-11-04' }, null, all);
		expect(d2.counts).toBe(all.counts); // the arrays are reused
		expect(d2.total).toBe(304);
		expect(d2.counts[cell(5, 5)]).toBe(0);
		expect(d2.cells).toBe(2);
		const water = aggregate(c, { from: '2026-11-01', to: '2026-11-04' }, ['water']);
		expect(water.total).toBe(302);
		expect(water.counts[cell(3, -2)]).toBe(2);
		expect(water.overdue[cell(3, -2)]).toBe(0);
		// a window outside the cube is empty, one overlapping it is clamped
		expect(aggregate(c, { from: '2026-10-01', to: '2026-11-01' }).total).toBe(0);
		expect(aggregate(c, { from: '2026-10-01', to: '2026-11-02' }).total).toBe(3);
		expect(aggregate(c, { from: '2026-11-04', to: '2026-12-01' }, ['noise', 'road']).total).toBe(0);
	});

	it('counts days between calendar dates and bands zooms', () => {
		expect(dayIndex({ from: '2026-10-30' }, '2026-11-02')).toBe(3);
		expect(dayIndex({ from: '2026-03-28' }, '2026-03-30')).toBe(2);
		expect(cubeZoom(3)).toBe(8);
		expect(cubeZoom(11.6)).toBe(12);
		expect(cubeZoom(19)).toBe(14);
	});

	it('draws ST_Hexagon: six corners at `size` from the centre, flat-topped', () => {
		const ring = hexRing(1000, 0, 0);
		expect(ring).toHaveLength(7);
		expect(ring[0]).toEqual(ring[6]);
		// east corner at x = 1000 m of Web Mercator on the equator: 1000 / 6378137 rad
		expect(ring[0][0]).toBeCloseTo((1000 / 6378137) * (180 / Math.PI), 9);
		expect(ring[0][1]).toBeCloseTo(0, 9);
		// (1, 0) is shifted up half a row: its centre y = √3/2 · size
		const up = hexRing(1000, 1, 0);
		const cy = (up[1][1] + up[5][1]) / 2;
		expect(cy).toBeGreaterThan(0);
	});
});
