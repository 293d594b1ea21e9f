/**
 * The siting entry point for the server route, the CLI and a worker: plain data in, plain JSON out.
 * Pure apart from loading the HiGHS solver when an exact solve is asked for (see exact.ts).
 */
import { aggregateCoverage, buildCoverage, type CoverageModel, type CoverageSets } from './coverage';
import { SitingInputError, throwIfAborted } from './errors';
import { solveMclpExact, solveSetCoverExact, type ExactResult, type LoadSolver } from './exact';
import { parsePoints, type PointsInput, type SitePoint } from './geo';
import { lagrangianMclp } from './lagrangian';
import { greedyLazy, greedySetCover, improveBySwaps, rankSites, type GreedyStep } from './heuristic';

export interface SitingInput {
	/** Demand: GeoJSON points or polygons (centroids), or `{ id?, x, y, weight? }` objects. */
	demand: PointsInput;
	/** Candidate sites; id = feature `id`, else `properties.id`, else the index. */
	candidates: PointsInput;
	/** Existing facilities: demand they reach counts as covered and adds no gain. */
	existing?: PointsInput;
	/** Coverage radius in metres. */
	radius: number;
	/** MCLP: number of new sites (1 … number of candidates). */
	k?: number;
	/** Set covering: share of the total demand weight to reach, in (0, 1]. Takes precedence over k. */
	target?: number;
	/** GeoJSON property holding the demand weight; absent: each demand point weighs 1. */
	weightProperty?: string;
	/** Coordinates are metres on a plane (projected data, textbook instances); default lon/lat. */
	planar?: boolean;
	/**
	 * Coverage sets given by the caller instead of the radius: per candidate (in order), the indices
	 * of the demand points it reaches (e.g. walks over a road network, network.ts). The radius is then
	 * only reported. Existing facilities must be left out (the caller drops the demand they reach).
	 */
	coverage?: readonly (readonly number[])[];
}

export type SitingMethod = 'heuristic' | 'exact' | 'auto';

export type SitingPhase = 'prepare' | 'aggregate' | 'greedy' | 'swap' | 'lagrangian' | 'exact' | 'done';

export interface SitingProgress {
	phase: SitingPhase;
	/** Share of the whole run done, 0 … 1 (rough). */
	fraction: number;
	/** Best newly covered weight so far (MCLP) when known. */
	bestWeight?: number;
	/** Best bound on the newly covered weight when known (exact phase). */
	bound?: number;
	message?: string;
}

export interface SitingOptions {
	/**
	 * heuristic: greedy (lazy) + swaps. exact: the same, then a MIP (warm-started) within the time
	 * limit; the better answer is returned. auto: exact when the aggregated instance is small
	 * (`exactMaxNonzeros`), else heuristic. Default 'auto'.
	 */
	method?: SitingMethod;
	/** Also solve the LP relaxation for an upper bound when no MIP runs (MCLP only). Default false. */
	lpBound?: boolean;
	/** MIP time limit, ms (default 30 000). */
	exactTimeLimitMs?: number;
	/** Largest aggregated instance (coverage pairs) that 'auto' sends to the MIP (default 300 000). */
	exactMaxNonzeros?: number;
	/** Swap phase caps. */
	swapTimeLimitMs?: number;
	swapMaxPasses?: number;
	/** Iterated-local-search perturbations after the other phases (default 0: none). */
	perturbations?: number;
	/**
	 * Lagrangian relaxation after greedy+swap (default true): its subgradient iterations give more
	 * starting points for the swaps, and an upper bound (about the LP bound) for the gap.
	 */
	lagrangian?: boolean;
	/** Lagrangian caps (defaults 400 iterations, 700 ms). */
	lagrangianIterations?: number;
	lagrangianTimeLimitMs?: number;
	onProgress?: (p: SitingProgress) => void;
	signal?: AbortSignal;
	loadSolver?: LoadSolver;
}

export interface SitingSite {
	/** Candidate id as given. */
	id: string | number;
	/** Position in the candidate list. */
	index: number;
	x: number;
	y: number;
	/** Weight newly covered by this site given the sites ranked before it. */
	addedWeight: number;
	/** Demand points newly covered by it (given the sites before it). */
	addedPoints: number;
}

export interface SitingResult {
	problem: 'mclp' | 'set-cover';
	/** 'greedy+swap', 'exact' (MIP proven optimal), 'exact (time limit)' … */
	method: string;
	/** Chosen candidate ids, ranked by added coverage. */
	chosen: (string | number)[];
	sites: SitingSite[];
	/** Weight covered after the new sites (existing + new). */
	coveredWeight: number;
	totalWeight: number;
	coverageShare: number;
	/** Weight already covered by existing facilities. */
	existingWeight: number;
	existingShare: number;
	/** Weight newly covered by the chosen sites (the solvers' objective). */
	newlyCoveredWeight: number;
	/** Weight that no candidate reaches (and no existing facility). */
	unreachableWeight: number;
	/**
	 * Relative gap of the returned answer to the best known bound (0 = proven optimal); null if no
	 * bound. MCLP: (bound − newly covered) / bound, on the newly covered weight; the bound is the
	 * smaller of the Lagrangian (≈ LP) bound and the MIP's. Set covering: (sites − lower bound) / sites.
	 */
	gap: number | null;
	/** Best known upper bound on the newly covered weight (MCLP), or lower bound on the number of sites (covering). */
	bound: number | null;
	timeMs: number;
	radius: number;
	k: number | null;
	target: number | null;
	/** Set covering: whether the target share was reached (false: every useful site is not enough). */
	reached?: boolean;
	heuristic: {
		newlyCoveredWeight: number;
		sites: number;
		timeMs: number;
		swaps: number;
		passes: number;
		perturbations: number;
		improvements: number;
		localOptimum: boolean;
		/** Gap of the heuristic to the exact optimum, or to the best bound (LP or MIP), when one ran. */
		gap: number | null;
	};
	exact: null | {
		status: ExactResult['status'];
		relaxation: boolean;
		objective: number | null;
		bound: number | null;
		timeMs: number;
	};
	instance: {
		demand: number;
		candidates: number;
		existing: number;
		groups: number;
		nonzeros: number;
		planar: boolean;
		prepareMs: number;
	};
	/** The warnings in English, for logs and scripts. */
	warnings: string[];
	/** The same warnings as codes with their values, for the interface to say in its own language. */
	notices: SitingNotice[];
}

/** A warning of a solve: `code` names the message, `values` fill it (see planning.notice.* in i18n). */
export interface SitingNotice {
	code: 'kIgnored' | 'targetUnreachable' | 'fewerSites' | 'exactFailed' | 'checkMismatch';
	values: Record<string, string | number>;
}

/** Validated points and the aggregated coverage model: reusable for several solves. */
export interface PreparedSiting {
	demand: SitePoint[];
	candidates: SitePoint[];
	existing: SitePoint[];
	radius: number;
	planar: boolean;
	model: CoverageModel;
	prepareMs: number;
}

function checkRadius(radius: unknown): number {
	if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0) {
		throw new SitingInputError('radius', `radius must be a positive number of metres; got ${String(radius)}`);
	}
	return radius;
}

/** Validate the input, build the coverage sets and aggregate the demand. */
export function prepareSiting(input: SitingInput): PreparedSiting {
	const t0 = performance.now();
	if (typeof input !== 'object' || input === null) {
		throw new SitingInputError('input', 'siting input must be an object');
	}
	const planar = input.planar ?? false;
	if (typeof planar !== 'boolean') throw new SitingInputError('planar', 'planar must be true or false');
	const radius = checkRadius(input.radius);
	if (
		input.weightProperty !== undefined &&
		(typeof input.weightProperty !== 'string' || !input.weightProperty)
	) {
		throw new SitingInputError('weightProperty', 'weightProperty must be a non-empty property name');
	}
	const demand = parsePoints('demand', input.demand, {
		planar,
		weighted: true,
		required: true,
		weightProperty: input.weightProperty
	});
	const candidates = parsePoints('candidates', input.candidates, { planar, required: true });
	const existing = parsePoints('existing', input.existing, { planar });
	const seen = new Set<string | number>();
	for (let j = 0; j < candidates.length; j++) {
		const id = candidates[j].id;
		if (seen.has(id)) {
			throw new SitingInputError(
				`candidates[${j}].id`,
				`candidates[${j}] id ${JSON.stringify(id)} is used twice`
			);
		}
		seen.add(id);
	}
	let coverage: CoverageSets;
	if (input.coverage !== undefined) {
		if (!Array.isArray(input.coverage) || input.coverage.length !== candidates.length)
			throw new SitingInputError(
				'coverage',
				'coverage must list the demand reached by each candidate, in order'
			);
		if (existing.length > 0)
			throw new SitingInputError(
				'existing',
				'with given coverage sets, leave out the demand existing facilities reach'
			);
		const start = new Int32Array(candidates.length + 1);
		const index: number[] = [];
		input.coverage.forEach((list, j) => {
			const sorted = [...new Set<number>(list)].sort((a, b) => a - b);
			if (sorted.some((i) => !Number.isInteger(i) || i < 0 || i >= demand.length))
				throw new SitingInputError(`coverage[${j}]`, 'coverage lists demand indices');
			index.push(...sorted);
			start[j + 1] = index.length;
		});
		coverage = {
			candidateDemand: { start, index: Int32Array.from(index) },
			coveredByExisting: new Uint8Array(demand.length)
		};
	} else coverage = buildCoverage(demand, candidates, existing, radius, planar);
	const model = aggregateCoverage(
		Float64Array.from(demand, (d) => d.weight),
		coverage,
		candidates.length
	);
	return { demand, candidates, existing, radius, planar, model, prepareMs: performance.now() - t0 };
}

function relGap(value: number, bound: number | null, minimise = false): number | null {
	if (bound === null || !Number.isFinite(bound)) return null;
	if (minimise) {
		const b = Math.ceil(bound - 1e-6);
		return value <= 0 ? 0 : Math.max(0, (value - b) / value);
	}
	if (bound <= 0) return 0;
	return Math.max(0, (bound - value) / bound);
}

/**
 * Site facilities: MCLP (choose `k` sites) or, with `target`, set covering (fewest sites).
 * Throws SitingInputError for bad input (answer 400), the signal's reason when aborted.
 */
export async function solveSiting(input: SitingInput, options: SitingOptions = {}): Promise<SitingResult> {
	const { signal, onProgress } = options;
	const t0 = performance.now();
	throwIfAborted(signal);
	const method = options.method ?? 'auto';
	if (!['heuristic', 'exact', 'auto'].includes(method)) {
		throw new SitingInputError('method', `method must be heuristic, exact or auto; got ${String(method)}`);
	}
	const warnings: string[] = [];
	const notices: SitingNotice[] = [];
	const warn = (code: SitingNotice['code'], values: SitingNotice['values'], message: string) => {
		notices.push({ code, values });
		warnings.push(message);
	};
	const target = input.target;
	const coverProblem = target !== undefined && target !== null;
	if (coverProblem) {
		if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0 || target > 1) {
			throw new SitingInputError('target', `target must be a share in (0, 1]; got ${String(target)}`);
		}
		if (input.k !== undefined)
			warn('kIgnored', {}, 'k is ignored when a target share is given (set covering)');
	}
	onProgress?.({ phase: 'prepare', fraction: 0 });
	const prep = prepareSiting(input);
	const { model, candidates } = prep;
	let k = 0;
	if (!coverProblem) {
		const kk = input.k;
		if (typeof kk !== 'number' || !Number.isInteger(kk) || kk <= 0 || kk > candidates.length) {
			throw new SitingInputError(
				'k',
				`k must be a whole number from 1 to the number of candidates (${candidates.length}); got ${String(kk)}`
			);
		}
		k = kk;
	}
	onProgress?.({ phase: 'aggregate', fraction: 0.1, message: `${model.groupWeight.length} demand groups` });
	throwIfAborted(signal);
	const nonzeros = model.candidateGroups.index.length;
	const runExact =
		method === 'exact' || (method === 'auto' && nonzeros <= (options.exactMaxNonzeros ?? 300_000));

	let heuristicObjective: number;
	let heuristicSites: number[];
	let swapInfo = { swaps: 0, passes: 0, perturbations: 0, improvements: 0, localOptimum: true };
	let reached: boolean | undefined;
	let methodName = 'greedy';
	let lagrangianBound: number | null = null;
	const th = performance.now();
	let targetWeight = 0;
	if (coverProblem) {
		const needed = (target as number) * model.totalWeight - model.existingWeight;
		targetWeight = Math.max(0, needed - 1e-9 * Math.max(1, model.totalWeight));
		const g = greedySetCover(model, targetWeight);
		heuristicSites = g.chosen;
		heuristicObjective = g.objective;
		reached = g.reached;
		if (!reached) {
			const share =
				(model.existingWeight + model.coverableWeight) / Math.max(model.totalWeight, Number.MIN_VALUE);
			warn(
				'targetUnreachable',
				{ target: target as number, share },
				`target share ${target} cannot be reached: all candidates together cover ${share.toFixed(4)}`
			);
		}
	} else {
		onProgress?.({ phase: 'greedy', fraction: 0.15 });
		const g = greedyLazy(model, k);
		onProgress?.({ phase: 'swap', fraction: 0.25, bestWeight: g.objective });
		let lastReport = 0;
		const report = (objective: number) => {
			const now = performance.now();
			if (onProgress && now - lastReport > 100) {
				lastReport = now;
				onProgress({ phase: 'swap', fraction: 0.35, bestWeight: objective });
			}
		};
		let best = await improveBySwaps(model, g.chosen, {
			timeLimitMs: options.swapTimeLimitMs,
			maxPasses: options.swapMaxPasses,
			perturbations: 0,
			signal,
			onSwap: report
		});
		let swaps = best.swaps;
		let passes = best.passes;
		methodName = 'greedy+swap';
		if (g.chosen.length < k) {
			warn(
				'fewerSites',
				{ n: g.chosen.length, k },
				`only ${g.chosen.length} sites add coverage; fewer than k = ${k} are proposed`
			);
			lagrangianBound = model.coverableWeight;
		} else if (options.lagrangian !== false && best.objective < model.coverableWeight) {
			methodName = 'greedy+swap+lagrangian';
			onProgress?.({ phase: 'lagrangian', fraction: 0.4, bestWeight: best.objective });
			throwIfAborted(signal);
			const lr = lagrangianMclp(model, k, {
				lowerBound: best.objective,
				iterations: options.lagrangianIterations,
				timeLimitMs: options.lagrangianTimeLimitMs
			});
			lagrangianBound = lr.bound;
			for (const start of lr.solutions) {
				const polished = await improveBySwaps(model, start.chosen, {
					timeLimitMs: options.swapTimeLimitMs,
					maxPasses: options.swapMaxPasses,
					perturbations: 0,
					signal
				});
				swaps += polished.swaps;
				passes += polished.passes;
				if (polished.objective > best.objective + 1e-9 * Math.max(1, model.coverableWeight)) best = polished;
			}
		} else {
			lagrangianBound = best.objective >= model.coverableWeight ? model.coverableWeight : null;
		}
		let perturbations = 0;
		let improvements = 0;
		if ((options.perturbations ?? 0) > 0) {
			methodName += '+ils';
			const ils = await improveBySwaps(model, best.chosen, {
				timeLimitMs: options.swapTimeLimitMs,
				maxPasses: options.swapMaxPasses,
				perturbations: options.perturbations,
				signal,
				onSwap: report
			});
			swaps += ils.swaps;
			passes += ils.passes;
			perturbations = ils.perturbations;
			improvements = ils.improvements;
			if (ils.objective > best.objective) best = ils;
		}
		swapInfo = { swaps, passes, perturbations, improvements, localOptimum: best.localOptimum };
		heuristicSites = best.chosen;
		heuristicObjective = best.objective;
	}
	const heuristicMs = performance.now() - th;
	throwIfAborted(signal);

	let exact: ExactResult | null = null;
	let relaxation = false;
	let finalSites = heuristicSites;
	const trivial = model.groupWeight.length === 0 || (coverProblem && targetWeight <= 0);
	if (!trivial && (runExact || (options.lpBound && !coverProblem))) {
		relaxation = !runExact;
		onProgress?.({
			phase: 'exact',
			fraction: 0.5,
			bestWeight: coverProblem ? undefined : heuristicObjective
		});
		const exactOptions = {
			timeLimitMs: options.exactTimeLimitMs,
			warmStart: reached === false ? undefined : heuristicSites,
			relaxation,
			signal,
			loadSolver: options.loadSolver,
			onProgress: (p: { incumbent: number | null; bound: number | null }) =>
				onProgress?.({
					phase: 'exact',
					fraction: 0.6,
					bestWeight: coverProblem ? undefined : (p.incumbent ?? undefined),
					bound: coverProblem ? undefined : (p.bound ?? undefined)
				})
		};
		if (coverProblem) {
			if (reached !== false) exact = await solveSetCoverExact(model, targetWeight, exactOptions);
		} else {
			exact = await solveMclpExact(model, k, exactOptions);
		}
		if (exact && exact.status === 'failed')
			warn(
				'exactFailed',
				{ status: String(exact.solverStatus) },
				`exact solver failed (${exact.solverStatus})`
			);
	}

	// pick the better answer
	let bound: number | null = exact?.bound ?? null;
	if (lagrangianBound !== null && (bound === null || lagrangianBound < bound)) bound = lagrangianBound;
	if (exact && !relaxation && exact.objective !== null) {
		const better = coverProblem
			? exact.chosen.length < heuristicSites.length
			: exact.objective > heuristicObjective + 1e-9 * Math.max(1, model.coverableWeight);
		if (better) {
			finalSites = exact.chosen;
			methodName = exact.status === 'optimal' ? 'exact' : `exact (${exact.status})`;
		} else if (exact.status === 'optimal') {
			methodName += coverProblem ? ' (proven optimal by exact)' : ' (proven optimal by exact)';
		}
	}
	const steps: GreedyStep[] = rankSites(model, finalSites);
	const newly = steps.reduce((a, s) => a + s.gain, 0);
	let gap: number | null;
	let heuristicGap: number | null;
	if (coverProblem) {
		if (bound !== null) bound = Math.ceil(bound - 1e-6);
		gap = relGap(steps.length, bound, true);
		heuristicGap = relGap(heuristicSites.length, bound, true);
	} else {
		if (bound !== null) bound = Math.max(bound, newly);
		gap = relGap(newly, bound);
		heuristicGap = relGap(
			heuristicObjective,
			exact?.status === 'optimal' && !relaxation ? exact.objective : bound
		);
	}
	if (model.groupWeight.length === 0 || (coverProblem && targetWeight <= 0)) {
		gap = 0;
		heuristicGap = 0;
	}

	// points newly covered per site, in rank order
	const pointsPerGroup = new Int32Array(model.groupWeight.length);
	for (const g of model.groupOfDemand) if (g >= 0) pointsPerGroup[g]++;
	const covered = new Uint8Array(model.groupWeight.length);
	const sites: SitingSite[] = steps.map((s) => {
		let addedPoints = 0;
		const cg = model.candidateGroups;
		for (let t = cg.start[s.candidate]; t < cg.start[s.candidate + 1]; t++) {
			const g = cg.index[t];
			if (!covered[g]) {
				covered[g] = 1;
				addedPoints += pointsPerGroup[g];
			}
		}
		const c = candidates[s.candidate];
		return { id: c.id, index: s.candidate, x: c.x, y: c.y, addedWeight: s.gain, addedPoints };
	});
	const coveredWeight = model.existingWeight + newly;
	const total = model.totalWeight;
	onProgress?.({ phase: 'done', fraction: 1, bestWeight: newly });
	return {
		problem: coverProblem ? 'set-cover' : 'mclp',
		method: methodName,
		chosen: sites.map((s) => s.id),
		sites,
		coveredWeight,
		totalWeight: total,
		coverageShare: total > 0 ? coveredWeight / total : 1,
		existingWeight: model.existingWeight,
		existingShare: total > 0 ? model.existingWeight / total : 0,
		newlyCoveredWeight: newly,
		unreachableWeight: model.unreachableWeight,
		gap,
		bound,
		timeMs: performance.now() - t0,
		radius: prep.radius,
		k: coverProblem ? null : k,
		target: coverProblem ? (target as number) : null,
		...(coverProblem ? { reached } : {}),
		heuristic: {
			newlyCoveredWeight: heuristicObjective,
			sites: heuristicSites.length,
			timeMs: heuristicMs,
			...swapInfo,
			gap: heuristicGap
		},
		exact: exact
			? {
					status: exact.status,
					relaxation,
					objective: exact.objective,
					bound: exact.bound,
					timeMs: exact.timeMs
				}
			: null,
		instance: {
			demand: prep.demand.length,
			candidates: candidates.length,
			existing: prep.existing.length,
			groups: model.groupWeight.length,
			nonzeros,
			planar: prep.planar,
			prepareMs: prep.prepareMs
		},
		warnings,
		notices
	};
}
