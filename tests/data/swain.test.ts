/**
 * Swain's 55-node instance (Swain 1971; Church & ReVelle 1974), read from the shared benchmark data
 * beside the repository (never copied into it): every node is both demand and candidate, planar
 * coordinates, total population 640. The reference optima below were computed with the exact
 * solver (HiGHS) in this repository and cross-checked by brute force for k ≤ 3 (and k = 4 at r = 10).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveMclpExact } from '../../src/lib/siting/exact';
import { parseSwain } from '../../src/lib/siting/instances';
import { prepareSiting, solveSiting } from '../../src/lib/siting/solve';
import { bruteForceMclp } from '../../src/lib/siting/testkit';
import { sharedData } from './shared';

const swain = parseSwain(readFileSync(sharedData('location-benchmarks', 'swain.txt'), 'utf8'));

const ks = [1, 2, 3, 4, 5, 6, 8, 10];
// optimum newly covered population for radius r (rows) and k (columns above)
const optimum: Record<number, number[]> = {
	5: [303, 366, 405, 433, 452, 470, 499, 524],
	8: [398, 454, 499, 538, 564, 584, 610, 629],
	10: [425, 502, 548, 581, 609, 625, 638, 640],
	15: [515, 593, 625, 638, 640, 640, 640, 640]
};

const model = (radius: number) =>
	prepareSiting({ demand: swain, candidates: swain, radius, k: 1, planar: true }).model;

describe('Swain 55-node instance', () => {
	it('parses 55 nodes with population 640', () => {
		expect(swain).toHaveLength(55);
		expect(swain.reduce((a, p) => a + (p.weight ?? 0), 0)).toBe(640);
	}, 60_000);

	for (const r of [5, 8, 10, 15]) {
		it(`exact optima at radius ${r}`, async () => {
			const m = model(r);
			for (let t = 0; t < ks.length; t++) {
				const e = await solveMclpExact(m, ks[t]);
				expect(e.status).toBe('optimal');
				expect(Math.round(e.objective as number), `r=${r} k=${ks[t]}`).toBe(optimum[r][t]);
			}
		}, 60_000);

		it(`brute force agrees for k ≤ 3 at radius ${r}`, () => {
			const m = model(r);
			for (const k of [1, 2, 3]) expect(bruteForceMclp(m, k).objective).toBe(optimum[r][k - 1]);
		}, 60_000);
	}

	it('brute force agrees for k = 4 at radius 10', () => {
		expect(bruteForceMclp(model(10), 4).objective).toBe(581);
	}, 60_000);

	it('the heuristic reaches the optimum on most pairs, never passes it, and stays within 1 %', async () => {
		let reached = 0;
		let pairs = 0;
		for (const r of [5, 8, 10, 15]) {
			for (let t = 0; t < ks.length; t++) {
				const res = await solveSiting(
					{ demand: swain, candidates: swain, radius: r, k: ks[t], planar: true },
					{ method: 'heuristic' }
				);
				const opt = optimum[r][t];
				expect(res.newlyCoveredWeight).toBeLessThanOrEqual(opt);
				expect(res.newlyCoveredWeight).toBeGreaterThanOrEqual(0.99 * opt);
				// the reported bound must hold
				expect(res.bound as number).toBeGreaterThanOrEqual(opt - 1e-6);
				pairs++;
				if (res.newlyCoveredWeight === opt) reached++;
			}
		}
		expect(reached).toBeGreaterThanOrEqual(pairs - 2);
		// pairs where plain greedy falls short and the heuristic still finds the optimum
		for (const [r, k, opt] of [
			[5, 2, 366],
			[10, 5, 609],
			[15, 3, 625]
		]) {
			const res = await solveSiting(
				{ demand: swain, candidates: swain, radius: r, k, planar: true },
				{ method: 'heuristic' }
			);
			expect(res.newlyCoveredWeight, `r=${r} k=${k}`).toBe(opt);
		}
	}, 60_000);

	it('set covering: fewest sites to cover everyone at radius 10 (greedy and exact)', async () => {
		const exact = await solveSiting(
			{ demand: swain, candidates: swain, radius: 10, target: 1, planar: true },
			{ method: 'exact' }
		);
		expect(exact.exact?.status).toBe('optimal');
		expect(exact.coverageShare).toBe(1);
		// k = 8 covers 638 < 640 and k = 10 covers 640, so the answer is 9 or 10
		expect(exact.chosen.length).toBeGreaterThanOrEqual(9);
		expect(exact.chosen.length).toBeLessThanOrEqual(10);
		expect(exact.gap).toBe(0);
		const greedy = await solveSiting(
			{ demand: swain, candidates: swain, radius: 10, target: 1, planar: true },
			{ method: 'heuristic' }
		);
		expect(greedy.chosen.length).toBeGreaterThanOrEqual(exact.chosen.length);
	}, 60_000);
});
