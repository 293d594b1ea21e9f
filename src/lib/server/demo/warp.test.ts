import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { syntheticDistricts } from './districts';
import { M_PER_DEG_LAT, mPerDegLon } from './geometry';
import { BANK_STRIP_M, ganRiver } from './river';
import type { Point, Rect } from './rows';
import { FIXED_BAND_M, NODE_M, Warp, WarpGeometry } from './warp';

const districts = syntheticDistricts();
const jizhou = districts.find((d) => d.adcode === '360802')!;
const SEAT = jizhou.seat;
/** Two streets side by side west of the river, as the generator plans 吉州区's core. */
const BLOCKS: Rect[] = [
	[114.9, 27.08, 114.94, 27.12],
	[114.94, 27.08, 114.97, 27.12]
];
const make = (seed: number) =>
	new Warp({
		seed,
		origin: SEAT,
		fixedLines: districts.flatMap((d) => d.geom.flat(1) as Point[][]),
		fixedAreas: [ganRiver().keepOut],
		blocks: BLOCKS
	});

/** The displacement's Jacobian (metres per metre) at p by central differences over h metres. */
function jacobian(w: Warp, p: Point, h = 5): number[] {
	const dx = h / mPerDegLon(p[1]);
	const dy = h / M_PER_DEG_LAT;
	const e = w.displacement([p[0] + dx, p[1]]);
	const W = w.displacement([p[0] - dx, p[1]]);
	const n = w.displacement([p[0], p[1] + dy]);
	const s = w.displacement([p[0], p[1] - dy]);
	return [(e[0] - W[0]) / (2 * h), (n[0] - s[0]) / (2 * h), (e[1] - W[1]) / (2 * h), (n[1] - s[1]) / (2 * h)];
}
/** The largest singular value of a 2×2 matrix [a b; c d]. */
function norm([a, b, c, d]: number[]): number {
	const s = a * a + b * b + c * c + d * d;
	const det = a * d - b * c;
	return Math.sqrt((s + Math.sqrt(Math.max(0, s * s - 4 * det * det))) / 2);
}

describe('Warp', { timeout: 60_000 }, () => {
	it('is a homeomorphism by its bound, and bends the city by tens to hundreds of metres', () => {
		for (const seed of [1, 7, 20240701]) {
			const w = make(seed);
			expect(w.lipschitzBound()).toBeLessThan(0.9);
			// measured over the core: the slope stays well under the bound, every point keeps its
			// orientation (det(I + J) > 0), and the city does move (more than 60 m somewhere)
			let worst = 0;
			let moved = 0;
			for (let x = 114.88; x <= 114.99; x += 0.0037)
				for (let y = 27.06; y <= 27.16; y += 0.0031) {
					const J = jacobian(w, [x, y]);
					worst = Math.max(worst, norm(J));
					expect((1 + J[0]) * (1 + J[3]) - J[1] * J[2]).toBeGreaterThan(0);
					moved = Math.max(moved, Math.hypot(...w.displacement([x, y])));
				}
			expect(worst).toBeLessThan(w.lipschitzBound());
			expect(worst).toBeLessThan(0.5);
			expect(worst).toBeGreaterThan(0.05);
			expect(moved).toBeGreaterThan(60);
		}
	});

	it('is zero on every district boundary, in the river and near it', () => {
		const w = make(20240701);
		for (const d of districts)
			for (const ring of d.geom.flat(1) as Point[][]) for (const p of ring) expect(w.at(p)).toEqual(p);
		const river = ganRiver();
		for (const p of [...river.centre, ...river.banks[0], ...river.banks[1]]) expect(w.at(p)).toEqual(p);
		// up to FIXED_BAND_M (less a diagonal of the taper's lattice) beyond the keep-out band (the bank
		// strip's edge) nothing moves either
		let checked = 0;
		river.centre.forEach((p, k) => {
			const a = river.centre[Math.max(0, k - 1)];
			const b = river.centre[Math.min(river.centre.length - 1, k + 1)];
			const mx = mPerDegLon(p[1]);
			const [dx, dy] = [(b[0] - a[0]) * mx, (b[1] - a[1]) * M_PER_DEG_LAT];
			const len = Math.hypot(dx, dy);
			for (const side of [1, -1]) {
				const off = side * (river.halfWidth[k] + BANK_STRIP_M + FIXED_BAND_M - NODE_M * Math.SQRT2 - 1);
				const q: Point = [p[0] + ((-dy / len) * off) / mx, p[1] + ((dx / len) * off) / M_PER_DEG_LAT];
				expect(w.displacement(q)).toEqual([0, 0]);
				checked++;
			}
		});
		expect(checked).toBeGreaterThan(100);
		// and far from every fixed line it is not zero
		const far = w.displacement([114.92, 27.1]);
		expect(Math.hypot(...far)).toBeGreaterThan(1);
	});

	it('is the same for the same seed and differs for another', () => {
		const p: Point = [114.925, 27.105];
		expect(make(5).at(p)).toEqual(make(5).at(p));
		expect(make(5).at(p)).not.toEqual(make(6).at(p));
	});
});

/** A rectangle's closed ring, counter-clockwise from its south-west corner. */
const rect = (r: Rect): Point[] => [
	[r[0], r[1]],
	[r[2], r[1]],
	[r[2], r[3]],
	[r[0], r[3]],
	[r[0], r[1]]
];

describe('WarpGeometry', { timeout: 60_000 }, () => {
	it('keeps cells tiling their community: shared edges and T-junctions get the same vertices', () => {
		const w = make(3);
		const g = new WarpGeometry(w);
		const community: Rect = [114.91, 27.09, 114.93, 27.105];
		// three cells: two stripes, the west one cut in two at a latitude that is no tick
		const cells: Rect[] = [
			[114.91, 27.09, 114.9213, 27.09731],
			[114.91, 27.09731, 114.9213, 27.105],
			[114.9213, 27.09, 114.93, 27.105]
		];
		g.register(rect(community));
		for (const c of cells) g.register(rect(c));
		const whole = turf.polygon([g.ring(rect(community))]);
		const parts = cells.map((c) => turf.polygon([g.ring(rect(c))]));
		const sum = parts.reduce((s, p) => s + turf.area(p), 0);
		// the plan's areas are not the warped ones (it did move), but the parts still add up exactly
		expect(Math.abs(turf.area(whole) - turf.area(turf.polygon([rect(community)])))).toBeGreaterThan(100);
		expect(Math.abs(sum - turf.area(whole))).toBeLessThan(1e-6 * turf.area(whole));
		const union = turf.union(turf.featureCollection(parts))!;
		expect(Math.abs(turf.area(union) - turf.area(whole))).toBeLessThan(1e-6 * turf.area(whole));
		// long edges are cut (about every 40 m), so they bend
		expect(g.ring(rect(community)).length).toBeGreaterThan(100);
	});

	it('takes corners the layout rounded a hair apart as one, so no ring turns back on itself', () => {
		const g = new WarpGeometry(make(3));
		// two cells one above the other, their shared edge at 27.1544445 in one and 27.1544444 in the other
		const below: Rect = [114.9396667, 27.1536111, 114.94, 27.1544445];
		const above: Rect = [114.9396667, 27.1544444, 114.94, 27.1552778];
		g.register(rect(below));
		g.register(rect(above));
		const a = g.ring(rect(below));
		const b = g.ring(rect(above));
		for (const ring of [a, b]) {
			expect(turf.kinks(turf.polygon([ring])).features).toEqual([]);
			// no vertex repeated or a hair from the one before
			for (let k = 1; k < ring.length; k++)
				expect(Math.hypot(ring[k][0] - ring[k - 1][0], ring[k][1] - ring[k - 1][1])).toBeGreaterThan(1e-6);
		}
		// the shared edge's vertices are the same in both rings
		const key = (p: Point) => p.join(',');
		const shared = a.filter((p) => b.some((q) => key(q) === key(p)));
		expect(shared.length).toBeGreaterThanOrEqual(2);
	});

	it('keeps a short building a four-cornered ring, and cuts a long wall', () => {
		const g = new WarpGeometry(make(3));
		const b: Point[] = [
			[114.92, 27.1],
			[114.9203, 27.1],
			[114.9203, 27.1001],
			[114.92, 27.1001],
			[114.92, 27.1]
		];
		expect(g.small(b, 0.0006)).toHaveLength(5);
		const wall: Point[] = [
			[114.92, 27.1],
			[114.924, 27.1],
			[114.924, 27.102],
			[114.92, 27.102],
			[114.92, 27.1]
		];
		expect(g.small(wall, 0.0004).length).toBe(1 + 10 + 5 + 10 + 5);
	});
});
