/**
 * Exact solves with HiGHS (npm `highs`, the HiGHS MIP solver compiled to WebAssembly).
 * Pure apart from loading the solver: by default `import('highs')`, which finds its .wasm beside
 * the module in Node; in a browser or worker pass `loadSolver` (e.g. with `locateFile`).
 *
 * MCLP (Church & ReVelle) on the aggregated model, groups g with weight w_g and covering sets N_g:
 *   max Σ w_g y_g   s.t.   y_g − Σ_{j∈N_g} x_j ≤ 0,   Σ_j x_j ≤ k,   x ∈ {0,1},  0 ≤ y ≤ 1.
 * Partial set covering: min Σ_j x_j  s.t. the same linking rows and Σ w_g y_g ≥ target.
 * (y may stay continuous: for integral x an optimal y is integral.)
 *
 * The HiGHS call is synchronous: an AbortSignal is honoured before it starts and at its MIP
 * checkpoints, but an abort raised on the same thread cannot arrive while it runs; the time limit
 * always holds. Run the solver in a worker thread when a hard cancel is needed.
 */
import type { Highs } from 'highs';
import type { CoverageModel } from './coverage';
import { throwIfAborted } from './errors';

export type LoadSolver = () => Promise<Highs>;

let defaultSolver: Promise<Highs> | undefined;

/** Load (once) the HiGHS WebAssembly solver. */
export function loadHighs(): Promise<Highs> {
	defaultSolver ??= import('highs').then((m) => m.default());
	return defaultSolver;
}

export interface ExactOptions {
	/** Time limit for the solver, ms (default 30 000). */
	timeLimitMs?: number;
	/** A feasible solution (candidate indices) to start from, e.g. the heuristic's. */
	warmStart?: readonly number[];
	/** Solve only the LP relaxation (gives an upper bound for MCLP, a lower bound for covering). */
	relaxation?: boolean;
	signal?: AbortSignal;
	/** Called at the solver's MIP checkpoints with its incumbent and bound. */
	onProgress?: (p: { incumbent: number | null; bound: number | null; elapsedMs: number }) => void;
	loadSolver?: LoadSolver;
}

export type ExactStatus = 'optimal' | 'time-limit' | 'interrupted' | 'infeasible' | 'failed';

export interface ExactResult {
	status: ExactStatus;
	/** Chosen candidate indices (x_j = 1), when a solution exists. */
	chosen: number[];
	/** Objective of the solution found (MCLP: newly covered weight; covering: number of sites). */
	objective: number | null;
	/** Best proven bound (MCLP: upper bound; covering: lower bound); equals objective when optimal. */
	bound: number | null;
	timeMs: number;
	/** HiGHS status text, for the record. */
	solverStatus: string;
}

interface LinkingRows {
	starts: Int32Array;
	indices: Int32Array;
	values: Float64Array;
}

/** Row g: y_g − Σ_{j∈N_g} x_j ≤ 0; columns 0..n−1 are x, n..n+G−1 are y. */
function linkingRows(model: CoverageModel): LinkingRows {
	const n = model.candidateCount;
	const G = model.groupWeight.length;
	const gc = model.groupCandidates;
	const nnz = gc.index.length + G;
	const starts = new Int32Array(G + 1);
	const indices = new Int32Array(nnz);
	const values = new Float64Array(nnz);
	let p = 0;
	for (let g = 0; g < G; g++) {
		for (let t = gc.start[g]; t < gc.start[g + 1]; t++) {
			indices[p] = gc.index[t];
			values[p++] = -1;
		}
		indices[p] = n + g;
		values[p++] = 1;
		starts[g + 1] = p;
	}
	return { starts, indices, values };
}

function appendRow(rows: LinkingRows, cols: Int32Array, vals: Float64Array) {
	const G = rows.starts.length - 1;
	const starts = new Int32Array(G + 2);
	starts.set(rows.starts);
	starts[G + 1] = rows.starts[G] + cols.length;
	const indices = new Int32Array(rows.indices.length + cols.length);
	indices.set(rows.indices);
	indices.set(cols, rows.indices.length);
	const values = new Float64Array(rows.values.length + vals.length);
	values.set(rows.values);
	values.set(vals, rows.values.length);
	return { starts, indices, values };
}

function range(from: number, to: number): Int32Array {
	const a = new Int32Array(to - from);
	for (let i = 0; i < a.length; i++) a[i] = from + i;
	return a;
}

async function runModel(
	kind: 'mclp' | 'cover',
	model: CoverageModel,
	rhs: number,
	options: ExactOptions
): Promise<ExactResult> {
	const t0 = performance.now();
	throwIfAborted(options.signal);
	const highs = await (options.loadSolver ?? loadHighs)();
	throwIfAborted(options.signal);
	const n = model.candidateCount;
	const G = model.groupWeight.length;
	const C = highs.constants;
	const cols = n + G;
	const link = linkingRows(model);
	let rows: LinkingRows;
	const rowLower = new Float64Array(G + 1).fill(-highs.infinity);
	const rowUpper = new Float64Array(G + 1).fill(0);
	const colCost = new Float64Array(cols);
	if (kind === 'mclp') {
		rows = appendRow(link, range(0, n), new Float64Array(n).fill(1));
		rowUpper[G] = rhs;
		colCost.set(model.groupWeight, n);
	} else {
		rows = appendRow(link, range(n, n + G), model.groupWeight);
		rowLower[G] = rhs;
		rowUpper[G] = highs.infinity;
		colCost.fill(1, 0, n);
	}
	const integrality = new Int32Array(cols);
	if (!options.relaxation) integrality.fill(C.variableType.integer, 0, n);
	const m = highs.createModel({
		numCols: cols,
		numRows: G + 1,
		sense: kind === 'mclp' ? C.objectiveSense.maximize : C.objectiveSense.minimize,
		colCost,
		colLower: new Float64Array(cols),
		colUpper: new Float64Array(cols).fill(1),
		rowLower,
		rowUpper,
		matrix: { format: 'csr', numRows: G + 1, numCols: cols, ...rows },
		integrality
	});
	try {
		m.options.set({
			output_flag: false,
			time_limit: Math.max(0.001, (options.timeLimitMs ?? 30_000) / 1000),
			mip_rel_gap: 1e-9
		});
		if (options.warmStart && !options.relaxation) {
			const x = new Float64Array(cols);
			for (const j of options.warmStart) x[j] = 1;
			const gc = model.groupCandidates;
			for (let g = 0; g < G; g++) {
				for (let t = gc.start[g]; t < gc.start[g + 1]; t++) {
					if (x[gc.index[t]]) {
						x[n + g] = 1;
						break;
					}
				}
			}
			m.setSolution({ colValue: x });
		}
		let interrupted = false;
		const run = m.run({
			[C.callbackType.mipInterrupt]: (event) => {
				const d = event.data;
				options.onProgress?.({
					incumbent: Number.isFinite(d.mip_primal_bound) ? (d.mip_primal_bound ?? null) : null,
					bound: Number.isFinite(d.mip_dual_bound) ? (d.mip_dual_bound ?? null) : null,
					elapsedMs: performance.now() - t0
				});
				if (options.signal?.aborted) {
					interrupted = true;
					event.interrupt();
				}
				return undefined;
			}
		});
		throwIfAborted(options.signal);
		const S = C.modelStatus;
		const status: ExactStatus =
			run.modelStatus === S.optimal
				? 'optimal'
				: run.modelStatus === S.timeLimit
					? 'time-limit'
					: run.modelStatus === S.interrupted || interrupted
						? 'interrupted'
						: run.modelStatus === S.infeasible
							? 'infeasible'
							: 'failed';
		const solverStatus =
			Object.entries(S).find(([, v]) => v === run.modelStatus)?.[0] ?? String(run.modelStatus);
		const hasSolution = Number(m.info.get('primal_solution_status')) === 2;
		let chosen: number[] = [];
		let objective: number | null = null;
		if (hasSolution) {
			const x = m.getSolution().colValue;
			if (!options.relaxation) {
				for (let j = 0; j < n; j++) if (x[j] > 0.5) chosen.push(j);
			}
			objective = m.getObjectiveValue();
		}
		let bound: number | null = null;
		if (options.relaxation) {
			bound = status === 'optimal' ? objective : null;
			chosen = [];
		} else {
			const b = Number(m.info.get('mip_dual_bound'));
			bound = status === 'optimal' ? objective : Number.isFinite(b) ? b : null;
		}
		return { status, chosen, objective, bound, timeMs: performance.now() - t0, solverStatus };
	} finally {
		m.dispose();
	}
}

/** Exact MCLP: at most k sites maximising the newly covered weight. */
export function solveMclpExact(
	model: CoverageModel,
	k: number,
	options: ExactOptions = {}
): Promise<ExactResult> {
	return runModel('mclp', model, k, options);
}

/** Exact partial set covering: fewest sites whose newly covered weight is at least `targetWeight`. */
export function solveSetCoverExact(
	model: CoverageModel,
	targetWeight: number,
	options: ExactOptions = {}
): Promise<ExactResult> {
	return runModel('cover', model, targetWeight, options);
}
