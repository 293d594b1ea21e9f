/**
 * Lagrangian relaxation of the MCLP (Galvão & ReVelle 1996 style), pure.
 *
 * Relaxing the linking rows y_g ≤ Σ_{j∈N_g} x_j with multipliers λ_g ≥ 0 gives
 *   L(λ) = Σ_g max(0, w_g − λ_g) + (sum of the k largest c_j),   c_j = Σ_{g∈cover(j)} λ_g,
 * an upper bound on the optimum for every λ. The subproblem has the integrality property, so
 * min_λ L(λ) equals the LP-relaxation bound; subgradient steps approach it. Each iteration's k
 * largest c_j are a feasible choice of sites, which the heuristic uses as starting points.
 */
import type { CoverageModel } from './coverage';

export interface LagrangianOptions {
	/** Iteration cap (default 400). */
	iterations?: number;
	/** Time cap, ms (default 700). */
	timeLimitMs?: number;
	/** A known feasible objective (e.g. greedy's), used in the step size. */
	lowerBound?: number;
	/** Number of distinct best primal solutions kept (default 4). */
	keep?: number;
}

export interface LagrangianResult {
	/** Best (smallest) Lagrangian upper bound on the newly covered weight. */
	bound: number;
	/** Best primal solutions found, best first. */
	solutions: { chosen: number[]; objective: number }[];
	iterations: number;
}

export function lagrangianMclp(
	model: CoverageModel,
	k: number,
	options: LagrangianOptions = {}
): LagrangianResult {
	const { iterations = 400, timeLimitMs = 700, keep = 4 } = options;
	const n = model.candidateCount;
	const G = model.groupWeight.length;
	const w = model.groupWeight;
	const { start, index } = model.candidateGroups;
	const lambda = Float64Array.from(w);
	const c = new Float64Array(n);
	const x = new Uint8Array(n);
	const cover = new Int32Array(G);
	const order = new Int32Array(n);
	const sub = new Float64Array(G);
	let lb = options.lowerBound ?? 0;
	let bestBound = Number.POSITIVE_INFINITY;
	let mu = 2;
	let stall = 0;
	const solutions: { chosen: number[]; objective: number; key: string }[] = [];
	const t0 = performance.now();
	let it = 0;
	for (; it < iterations; it++) {
		if (it % 8 === 0 && performance.now() - t0 > timeLimitMs) break;
		let bound = 0;
		for (let g = 0; g < G; g++) if (w[g] > lambda[g]) bound += w[g] - lambda[g];
		for (let j = 0; j < n; j++) {
			let s = 0;
			for (let t = start[j]; t < start[j + 1]; t++) s += lambda[index[t]];
			c[j] = s;
			order[j] = j;
		}
		// k largest c_j (partial selection by sort of indices: n is a few thousand)
		const top = Array.from(order)
			.sort((a, b) => c[b] - c[a] || a - b)
			.slice(0, k);
		x.fill(0);
		for (const j of top) {
			x[j] = 1;
			bound += c[j];
		}
		// coverage of the primal solution, and the subgradient
		cover.fill(0);
		for (const j of top) for (let t = start[j]; t < start[j + 1]; t++) cover[index[t]]++;
		let objective = 0;
		let norm = 0;
		for (let g = 0; g < G; g++) {
			if (cover[g] > 0) objective += w[g];
			const y = w[g] > lambda[g] ? 1 : 0;
			// subgradient of L at λ: ∂L/∂λ_g = −y_g + Σ x_j over N_g
			const s = cover[g] - y;
			sub[g] = s;
			norm += s * s;
		}
		if (objective > lb) lb = objective;
		const key = [...top].sort((a, b) => a - b).join(',');
		if (!solutions.some((s) => s.key === key)) {
			if (solutions.length < keep || objective > solutions[solutions.length - 1].objective) {
				solutions.push({ chosen: top, objective, key });
				solutions.sort((a, b) => b.objective - a.objective);
				if (solutions.length > keep) solutions.pop();
			}
		}
		if (bestBound === Number.POSITIVE_INFINITY || bound < bestBound - 1e-9 * Math.max(1, bestBound)) {
			bestBound = bound;
			stall = 0;
		} else if (++stall >= 20) {
			mu /= 2;
			stall = 0;
		}
		if (norm === 0 || bestBound - lb <= 1e-9 * Math.max(1, lb)) {
			it++;
			break;
		}
		const step = (mu * (bound - lb)) / norm;
		for (let g = 0; g < G; g++) {
			const v = lambda[g] - step * sub[g];
			lambda[g] = v > 0 ? v : 0;
		}
		if (mu < 1e-4) {
			it++;
			break;
		}
	}
	return {
		bound: Math.max(bestBound, lb),
		solutions: solutions.map(({ chosen, objective }) => ({ chosen, objective })),
		iterations: it
	};
}
