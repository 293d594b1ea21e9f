/**
 * Heuristics on an aggregated CoverageModel. Pure (no Node-only APIs).
 *
 * - greedyPlain: textbook greedy, recomputing every candidate's marginal gain at each step
 *   (the baseline for the benchmark).
 * - greedyLazy: the same choices, with lazy evaluation: a max-heap of stale marginal gains
 *   (upper bounds, since coverage is submodular); only the top is re-evaluated.
 * - improveBySwaps: vertex substitution (Teitz–Bart), first improvement, with a pass and time cap.
 *   Evaluating a candidate j against every chosen site costs |cover(j)| + k, thanks to per-site
 *   "sole coverer" losses kept up to date.
 * - greedySetCover: fewest sites to reach a weight, then drops sites that became redundant.
 *
 * Ties are broken by the lower candidate index, so runs are deterministic.
 */
import type { CoverageModel } from './coverage';
import { throwIfAborted } from './errors';
import { seededRandom } from './instances';

export interface GreedyStep {
	candidate: number;
	/** Newly covered weight added by this site, given the sites before it. */
	gain: number;
}

export interface GreedyResult {
	steps: GreedyStep[];
	chosen: number[];
	objective: number;
	/** Marginal gains computed (for the lazy vs plain comparison). */
	evaluations: number;
}

function gainOf(model: CoverageModel, j: number, covered: Uint8Array): number {
	const { start, index } = model.candidateGroups;
	let gain = 0;
	for (let k = start[j]; k < start[j + 1]; k++) {
		const g = index[k];
		if (!covered[g]) gain += model.groupWeight[g];
	}
	return gain;
}

function cover(model: CoverageModel, j: number, covered: Uint8Array): void {
	const { start, index } = model.candidateGroups;
	for (let k = start[j]; k < start[j + 1]; k++) covered[index[k]] = 1;
}

/** Max-heap of candidates keyed by (gain desc, index asc). */
class GainHeap {
	private keys: Float64Array;
	private ids: Int32Array;
	size = 0;

	constructor(capacity: number) {
		this.keys = new Float64Array(capacity);
		this.ids = new Int32Array(capacity);
	}

	private above(a: number, b: number): boolean {
		return this.keys[a] > this.keys[b] || (this.keys[a] === this.keys[b] && this.ids[a] < this.ids[b]);
	}

	private swap(a: number, b: number): void {
		const k = this.keys[a];
		this.keys[a] = this.keys[b];
		this.keys[b] = k;
		const i = this.ids[a];
		this.ids[a] = this.ids[b];
		this.ids[b] = i;
	}

	push(id: number, key: number): void {
		let i = this.size++;
		this.keys[i] = key;
		this.ids[i] = id;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (!this.above(i, p)) break;
			this.swap(i, p);
			i = p;
		}
	}

	topId(): number {
		return this.ids[0];
	}

	topKey(): number {
		return this.keys[0];
	}

	pop(): void {
		this.size--;
		if (this.size === 0) return;
		this.keys[0] = this.keys[this.size];
		this.ids[0] = this.ids[this.size];
		let i = 0;
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let m = i;
			if (l < this.size && this.above(l, m)) m = l;
			if (r < this.size && this.above(r, m)) m = r;
			if (m === i) break;
			this.swap(i, m);
			i = m;
		}
	}
}

/**
 * Textbook greedy: k rounds, each evaluating every unchosen candidate. Stops early once no
 * candidate adds weight. `exclude` marks candidates that may not be chosen.
 */
export function greedyPlain(model: CoverageModel, k: number): GreedyResult {
	const n = model.candidateCount;
	const covered = new Uint8Array(model.groupWeight.length);
	const taken = new Uint8Array(n);
	const steps: GreedyStep[] = [];
	let objective = 0;
	let evaluations = 0;
	for (let round = 0; round < k; round++) {
		let best = -1;
		let bestGain = 0;
		for (let j = 0; j < n; j++) {
			if (taken[j]) continue;
			const g = gainOf(model, j, covered);
			evaluations++;
			if (g > bestGain) {
				bestGain = g;
				best = j;
			}
		}
		if (best < 0) break;
		taken[best] = 1;
		cover(model, best, covered);
		objective += bestGain;
		steps.push({ candidate: best, gain: bestGain });
	}
	return { steps, chosen: steps.map((s) => s.candidate), objective, evaluations };
}

/**
 * Greedy with lazy evaluation: same choices as greedyPlain (same tie-breaking), far fewer
 * gain evaluations. With `targetWeight`, runs until that much is covered (set covering) instead
 * of k rounds.
 */
export function greedyLazy(
	model: CoverageModel,
	k: number,
	targetWeight = Number.POSITIVE_INFINITY
): GreedyResult {
	const n = model.candidateCount;
	const covered = new Uint8Array(model.groupWeight.length);
	const heap = new GainHeap(n);
	let evaluations = 0;
	for (let j = 0; j < n; j++) {
		const g = gainOf(model, j, covered);
		evaluations++;
		if (g > 0) heap.push(j, g);
	}
	const steps: GreedyStep[] = [];
	let objective = 0;
	while (steps.length < k && heap.size > 0 && objective < targetWeight) {
		const j = heap.topId();
		heap.pop();
		const g = gainOf(model, j, covered);
		evaluations++;
		if (g <= 0) continue;
		if (heap.size > 0) {
			const key = heap.topKey();
			if (g < key || (g === key && heap.topId() < j)) {
				heap.push(j, g);
				continue;
			}
		}
		cover(model, j, covered);
		objective += g;
		steps.push({ candidate: j, gain: g });
	}
	return { steps, chosen: steps.map((s) => s.candidate), objective, evaluations };
}

export interface SwapOptions {
	/** Stop the first descent after this many full passes over the candidates (default 50). */
	maxPasses?: number;
	/** Stop after this long in all, ms (default 1000). */
	timeLimitMs?: number;
	/**
	 * Iterated local search after the first local optimum: this many perturbations (drop a few
	 * sites, refill greedily without them, swap to a local optimum, keep if better). Default 0:
	 * plain Teitz–Bart.
	 */
	perturbations?: number;
	/** Seed of the perturbations (default 1), so runs repeat exactly. */
	seed?: number;
	/** Minimum improvement of a swap (default 1e-12 of the coverable weight). */
	epsilon?: number;
	signal?: AbortSignal;
	onSwap?: (objective: number, swaps: number) => void;
}

export interface SwapResult {
	chosen: number[];
	objective: number;
	swaps: number;
	passes: number;
	/** Perturbations tried, and how many of them found a better solution. */
	perturbations: number;
	improvements: number;
	/** Whether the answer is a 1-swap local optimum (a whole pass found no improving swap). */
	localOptimum: boolean;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Incremental state of a set of k sites (positions 0..k−1): per group the number of chosen sites
 * covering it and, when that is one, which; per position the weight only it covers.
 */
class SiteState {
	readonly count: Int32Array;
	readonly owner: Float64Array; // sum of (position + 1) of the covering sites: the sole coverer when count is 1
	readonly loss: Float64Array;
	readonly isChosen: Uint8Array;
	readonly chosen: number[];
	objective = 0;

	constructor(
		private readonly model: CoverageModel,
		initial: readonly number[]
	) {
		const G = model.groupWeight.length;
		this.count = new Int32Array(G);
		this.owner = new Float64Array(G);
		this.loss = new Float64Array(initial.length);
		this.isChosen = new Uint8Array(model.candidateCount);
		this.chosen = [...initial];
		for (let pos = 0; pos < initial.length; pos++) this.add(pos, initial[pos]);
	}

	add(pos: number, j: number): void {
		const { start, index } = this.model.candidateGroups;
		const w = this.model.groupWeight;
		this.isChosen[j] = 1;
		this.chosen[pos] = j;
		for (let t = start[j]; t < start[j + 1]; t++) {
			const g = index[t];
			const c = ++this.count[g];
			if (c === 1) {
				this.loss[pos] += w[g];
				this.objective += w[g];
			} else if (c === 2) {
				this.loss[this.owner[g] - 1] -= w[g];
			}
			this.owner[g] += pos + 1;
		}
	}

	remove(pos: number): void {
		const { start, index } = this.model.candidateGroups;
		const w = this.model.groupWeight;
		const j = this.chosen[pos];
		this.isChosen[j] = 0;
		this.chosen[pos] = -1;
		for (let t = start[j]; t < start[j + 1]; t++) {
			const g = index[t];
			const c = --this.count[g];
			this.owner[g] -= pos + 1;
			if (c === 0) this.objective -= w[g];
			else if (c === 1) this.loss[this.owner[g] - 1] += w[g];
		}
		this.loss[pos] = 0;
	}

	gain(j: number): number {
		const { start, index } = this.model.candidateGroups;
		const w = this.model.groupWeight;
		let gain = 0;
		for (let t = start[j]; t < start[j + 1]; t++) if (this.count[index[t]] === 0) gain += w[index[t]];
		return gain;
	}

	/** Exact objective, recomputed (the running sum may carry rounding from many moves). */
	recompute(): number {
		const covered = new Uint8Array(this.model.groupWeight.length);
		const { start, index } = this.model.candidateGroups;
		let sum = 0;
		for (const s of this.chosen) {
			for (let t = start[s]; t < start[s + 1]; t++) {
				const g = index[t];
				if (!covered[g]) {
					covered[g] = 1;
					sum += this.model.groupWeight[g];
				}
			}
		}
		return sum;
	}
}

/**
 * Vertex substitution (Teitz–Bart) with first improvement: for each unchosen candidate j (in
 * index order, cycling), find the chosen site whose replacement by j gains most, and swap at once
 * if that gains. Ends at a local optimum (a whole pass without a swap) or at a cap. Then, within
 * the time cap, an iterated local search: drop ⌈k/5⌉ random sites, refill greedily from the other
 * candidates, descend again, keep the result if it is better.
 * Yields to the event loop about every 50 ms so that an AbortSignal can stop it.
 */
export async function improveBySwaps(
	model: CoverageModel,
	initial: readonly number[],
	options: SwapOptions = {}
): Promise<SwapResult> {
	const { maxPasses = 50, timeLimitMs = 1000, signal, onSwap } = options;
	const maxPerturbations = options.perturbations ?? 0;
	const eps = options.epsilon ?? 1e-12 * Math.max(1, model.coverableWeight);
	const n = model.candidateCount;
	const k = initial.length;
	const { start, index } = model.candidateGroups;
	const w = model.groupWeight;
	const state = new SiteState(model, initial);
	if (k === 0 || k >= n) {
		return {
			chosen: [...initial],
			objective: state.recompute(),
			swaps: 0,
			passes: 0,
			perturbations: 0,
			improvements: 0,
			localOptimum: true
		};
	}
	const t0 = performance.now();
	let lastYield = t0;
	let timeUp = false;
	const overlap = new Float64Array(k);
	let swaps = 0;
	let passes = 0;

	/** One first-improvement descent; returns whether it reached a local optimum. */
	const descend = async (passCap: number): Promise<boolean> => {
		let sinceImprovement = 0;
		let j = 0;
		let pass = 0;
		for (;;) {
			if (sinceImprovement >= n) return true;
			if (j === n) {
				j = 0;
				pass++;
				passes++;
				if (pass >= passCap) return false;
			}
			sinceImprovement++;
			const cand = j++;
			if ((cand & 63) === 0) {
				const now = performance.now();
				if (now - t0 > timeLimitMs) {
					timeUp = true;
					return false;
				}
				if (now - lastYield > 50) {
					await yieldToEventLoop();
					throwIfAborted(signal);
					lastYield = performance.now();
				}
			}
			if (state.isChosen[cand]) continue;
			let gain = 0;
			overlap.fill(0);
			for (let t = start[cand]; t < start[cand + 1]; t++) {
				const g = index[t];
				const c = state.count[g];
				if (c === 0) gain += w[g];
				else if (c === 1) overlap[state.owner[g] - 1] += w[g];
			}
			let bestPos = -1;
			let bestDelta = eps;
			for (let pos = 0; pos < k; pos++) {
				const delta = gain - state.loss[pos] + overlap[pos];
				if (delta > bestDelta) {
					bestDelta = delta;
					bestPos = pos;
				}
			}
			if (bestPos >= 0) {
				state.remove(bestPos);
				state.add(bestPos, cand);
				swaps++;
				sinceImprovement = 0;
				onSwap?.(state.objective, swaps);
			}
		}
	};

	const localOptimum = await descend(maxPasses);
	let best = [...state.chosen];
	let bestObjective = state.recompute();
	let bestIsLocalOptimum = localOptimum;
	let perturbations = 0;
	let improvements = 0;
	const rand = seededRandom(options.seed ?? 1);
	const drop = Math.max(1, Math.ceil(k / 5));
	const banned = new Uint8Array(n);
	while (!timeUp && perturbations < maxPerturbations) {
		perturbations++;
		// start from the best, drop `drop` random positions, refill greedily without them
		const positions: number[] = [];
		while (positions.length < drop) {
			const p = Math.floor(rand() * k);
			if (!positions.includes(p)) positions.push(p);
		}
		for (const p of positions) {
			banned[state.chosen[p]] = 1;
			state.remove(p);
		}
		for (const p of positions) {
			let bestJ = -1;
			let bestGain = -1;
			for (let j = 0; j < n; j++) {
				if (state.isChosen[j] || banned[j]) continue;
				const g = state.gain(j);
				if (g > bestGain) {
					bestGain = g;
					bestJ = j;
				}
			}
			if (bestJ < 0) bestJ = best[p];
			state.add(p, bestJ);
		}
		banned.fill(0);
		const atOptimum = await descend(maxPasses);
		const objective = state.recompute();
		if (objective > bestObjective + eps) {
			best = [...state.chosen];
			bestObjective = objective;
			bestIsLocalOptimum = atOptimum;
			improvements++;
			onSwap?.(objective, swaps);
		} else {
			// go back to the best
			for (let p = 0; p < k; p++) {
				if (state.chosen[p] !== best[p]) {
					state.remove(p);
				}
			}
			for (let p = 0; p < k; p++) if (state.chosen[p] === -1) state.add(p, best[p]);
		}
	}
	return {
		chosen: best,
		objective: bestObjective,
		swaps,
		passes,
		perturbations,
		improvements,
		localOptimum: bestIsLocalOptimum
	};
}

/**
 * Order a set of sites greedily (largest added weight first) and give each its added weight.
 * Sites that add nothing are dropped.
 */
export function rankSites(model: CoverageModel, chosen: readonly number[]): GreedyStep[] {
	const covered = new Uint8Array(model.groupWeight.length);
	const left = [...chosen].sort((a, b) => a - b);
	const steps: GreedyStep[] = [];
	while (left.length > 0) {
		let best = -1;
		let bestGain = 0;
		for (let t = 0; t < left.length; t++) {
			const g = gainOf(model, left[t], covered);
			if (g > bestGain) {
				bestGain = g;
				best = t;
			}
		}
		if (best < 0) break;
		const j = left.splice(best, 1)[0];
		cover(model, j, covered);
		steps.push({ candidate: j, gain: bestGain });
	}
	return steps;
}

/**
 * Greedy set covering: add the site of largest gain until `targetWeight` of newly covered weight is
 * reached (or nothing more can be added), then drop, last to first, sites the target does not need.
 */
export function greedySetCover(
	model: CoverageModel,
	targetWeight: number
): GreedyResult & { reached: boolean } {
	const run = greedyLazy(model, model.candidateCount, targetWeight);
	const chosen = [...run.chosen];
	const count = new Int32Array(model.groupWeight.length);
	const { start, index } = model.candidateGroups;
	for (const j of chosen) for (let t = start[j]; t < start[j + 1]; t++) count[index[t]]++;
	let objective = run.objective;
	for (let p = chosen.length - 1; p >= 0; p--) {
		const j = chosen[p];
		let loss = 0;
		for (let t = start[j]; t < start[j + 1]; t++)
			if (count[index[t]] === 1) loss += model.groupWeight[index[t]];
		if (objective - loss >= targetWeight) {
			for (let t = start[j]; t < start[j + 1]; t++) count[index[t]]--;
			objective -= loss;
			chosen.splice(p, 1);
		}
	}
	const steps = rankSites(model, chosen);
	return {
		steps,
		chosen: steps.map((s) => s.candidate),
		objective,
		evaluations: run.evaluations,
		reached: objective >= targetWeight
	};
}
