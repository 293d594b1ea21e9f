// The playback cube against the per-step answers: for a few steps of a day and a week slider and a
// category filter, the cube summed in the browser's way ($lib/analysis/cube) equals GET
// /api/analysis/density cell by cell, in the caller's ticket scope; bad input is refused naming the field.
import { describe, expect, it } from 'vitest';
import { scopeOf, type Scope } from '../../src/lib/server/auth/roles';
import { cube, CubeQuery } from '../../src/lib/server/analysis/cube';
import { density, DensityQuery } from '../../src/lib/server/analysis/density';
import { parseQuery } from '../../src/lib/server/http';
import { aggregate, decodeCube, hexRing, type Cube } from '../../src/lib/analysis/cube';
import { spanOf, windowAt } from '../../src/lib/analysis/timeline';
import { demoUser, one, refused } from './helpers';

const ALL: Scope = { kind: 'all' };
const url = (q: Record<string, string>) => new URL(`http://x/api/analysis/cube?${new URLSearchParams(q)}`);

async function load(q: Record<string, string>, scope: Scope): Promise<Cube> {
	const bytes = await cube(parseQuery(CubeQuery, url(q)), scope);
	return decodeCube(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

/** cell → [count, overdue] of the cube's sums over a window and categories */
function sums(c: Cube, w: { from: string; to: string }, categories?: string[]) {
	const f = aggregate(c, w, categories);
	const out = new Map<string, [number, number]>();
	for (let k = 0; k < c.cells; k++)
		if (f.counts[k]) out.set(`${c.cellI[k]},${c.cellJ[k]}`, [f.counts[k], f.overdue[k]]);
	return { total: f.total, cells: f.cells, out };
}

async function server(q: Record<string, string>, scope: Scope) {
	const d = await density(DensityQuery.parse(q), scope);
	return {
		total: d.total,
		cells: d.cells.length,
		out: new Map(d.cells.map((c) => [`${c.i},${c.j}`, [c.count, c.overdue] as [number, number]])),
		geometry: d.cells[0]?.geometry
	};
}

describe('playback cube', () => {
	const span = spanOf('day', 60);

	it('sums to the per-step density answers, cell by cell, for day and week steps and a category', async () => {
		const c = await load({ ...span, zoom: '10' }, ALL);
		expect(c.days).toBe(60);
		// the busiest category of the window, so the filtered steps are not empty
		const { category } = await one<{ category: string }>(
			`SELECT category FROM tickets WHERE created_at >= $1::date AND created_at < $2::date
			 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
			[span.from, span.to]
		);
		let compared = 0;
		const steps = [59, 58, 40, 13].map((k) => windowAt('day', k, 60));
		const weekSteps = [7, 8].map((k) => windowAt('week', k, 9)); // 9 weeks end today, inside 60 days
		for (const w of [...steps, ...weekSteps, span])
			for (const cats of [undefined, [category]]) {
				const want = await server(
					{ zoom: '10', from: w.from, to: w.to, ...(cats ? { category: cats.join(',') } : {}) },
					ALL
				);
				const got = sums(c, w, cats);
				expect(got.total).toBe(want.total);
				expect(got.cells).toBe(want.cells);
				expect(got.out).toEqual(want.out);
				compared += want.total;
			}
		expect(compared).toBeGreaterThan(50); // the steps held tickets
		// the cube draws the server's hexagons: the busiest cell's ring is PostGIS's, corner for corner
		const all = await server({ zoom: '10', from: span.from, to: span.to }, ALL);
		const [i, j] = [...all.out.keys()][0].split(',').map(Number);
		const ring = hexRing(c.size, i, j);
		for (const corner of all.geometry!.coordinates[0])
			expect(ring.some((p) => Math.abs(p[0] - corner[0]) < 2e-6 && Math.abs(p[1] - corner[1]) < 2e-6)).toBe(
				true
			);
	});

	it('keeps a status filter and a zoom band of its own', async () => {
		const open = await load({ ...span, zoom: '12', status: 'new,assigned' }, ALL);
		expect(open.status).toEqual(['new', 'assigned']);
		const want = await server({ zoom: '12', from: span.from, to: span.to, status: 'new,assigned' }, ALL);
		expect(sums(open, span).out).toEqual(want.out);
		expect(open.size).toBeLessThan((await load({ ...span, zoom: '10' }, ALL)).size);
	});

	it("holds only the caller's scope: a grid worker's cells, an official's district", async () => {
		const all = sums(await load({ ...span, zoom: '10' }, ALL), span);
		for (const name of ['gridworker', 'jizhou']) {
			const scope = scopeOf(await demoUser(name));
			const mine = sums(await load({ ...span, zoom: '10' }, scope), span);
			const want = await server({ zoom: '10', from: span.from, to: span.to }, scope);
			expect(mine.total).toBe(want.total);
			expect(mine.out).toEqual(want.out);
			expect(mine.total).toBeLessThan(all.total);
		}
	});

	it('refuses bad input naming the field', async () => {
		const bad = async (q: Record<string, string>) => (await refused(() => load(q, ALL))).field;
		expect(await bad({ from: '2026-02-30x', to: span.to, zoom: '10' })).toBe('from');
		expect(await bad({ from: span.from, to: '2026-02-30', zoom: '10' })).toBe('to');
		expect(await bad({ from: span.from, to: '2026-13-01', zoom: '10' })).toBe('to');
		expect(await bad({ ...span, zoom: '20' })).toBe('zoom');
		expect(await bad({ ...span, zoom: '10.5' })).toBe('zoom');
		expect(await bad({ ...span, zoom: '10', status: 'lava' })).toBe('status');
		expect(await bad({ from: span.to, to: span.from, zoom: '10' })).toBe('from');
		expect(await bad({ from: '2024-01-01', to: '2025-06-01', zoom: '10' })).toBe('from');
	});
});
