/**
 * Coverage sets and demand aggregation. Pure (no Node-only APIs).
 *
 * Coverage sets come from a KD-tree (kdbush) over the demand points: each candidate queries its
 * radius, so the work is proportional to the pairs found, not to demand × candidates. For lon/lat
 * input the tree holds a local equirectangular projection; the query radius is widened by the
 * projection's worst scale error over the instance and every hit is then checked with haversine.
 */
import KDBush from 'kdbush';
import { EARTH_RADIUS_M, haversine, projectLocal, type SitePoint } from './geo';

/** Sparse 0/1 matrix in compressed rows: row r holds `index[start[r] .. start[r+1])`. */
export interface Csr {
	start: Int32Array;
	index: Int32Array;
}

/** Which demand points each candidate covers, and which demand points existing facilities cover. */
export interface CoverageSets {
	/** candidate → covered demand indices (ascending). */
	candidateDemand: Csr;
	/** demand covered by at least one existing facility. */
	coveredByExisting: Uint8Array;
}

function indexDemand(xs: Float64Array, ys: Float64Array): KDBush {
	const index = new KDBush(xs.length, 64, Float64Array);
	for (let i = 0; i < xs.length; i++) index.add(xs[i], ys[i]);
	index.finish();
	return index;
}

/**
 * Compute the coverage sets: demand i is covered by site j when distance(i, j) ≤ radius
 * (boundary included).
 */
export function buildCoverage(
	demand: readonly SitePoint[],
	candidates: readonly SitePoint[],
	existing: readonly SitePoint[],
	radius: number,
	planar: boolean
): CoverageSets {
	let project: (pts: readonly SitePoint[]) => { xs: Float64Array; ys: Float64Array };
	let queryRadius = radius;
	if (planar) {
		project = (pts) => ({
			xs: Float64Array.from(pts, (p) => p.x),
			ys: Float64Array.from(pts, (p) => p.y)
		});
	} else {
		// Centre of the instance; the x scale is exact at lat0 and off by cos(lat0)/cos(lat) elsewhere.
		let sumLat = 0;
		let maxAbsLat = 0;
		let sinLon = 0;
		let cosLon = 0;
		for (const list of [demand, candidates, existing]) {
			for (const p of list) {
				sumLat += p.y;
				maxAbsLat = Math.max(maxAbsLat, Math.abs(p.y));
				sinLon += Math.sin((p.x * Math.PI) / 180);
				cosLon += Math.cos((p.x * Math.PI) / 180);
			}
		}
		const n = demand.length + candidates.length + existing.length;
		const lat0 = sumLat / n;
		const lon0 = (Math.atan2(sinLon, cosLon) * 180) / Math.PI;
		const reachDeg = (radius / EARTH_RADIUS_M) * (180 / Math.PI);
		const edgeLat = Math.min(89.9, maxAbsLat + reachDeg);
		const stretch = Math.cos((lat0 * Math.PI) / 180) / Math.cos((edgeLat * Math.PI) / 180);
		queryRadius = radius * Math.max(1, stretch) * 1.001 + 1;
		project = (pts) => projectLocal(pts, lon0, lat0);
	}
	const { xs: dx, ys: dy } = project(demand);
	const tree = indexDemand(dx, dy);

	const within = (px: number, py: number, p: SitePoint, out: number[]): void => {
		const hits = tree.within(px, py, queryRadius);
		if (planar) {
			for (const h of hits) out.push(h);
		} else {
			for (const h of hits) {
				const d = demand[h];
				if (haversine(p.x, p.y, d.x, d.y) <= radius) out.push(h);
			}
		}
	};

	const c = project(candidates);
	const start = new Int32Array(candidates.length + 1);
	let chunks: number[] = [];
	const all: number[][] = [];
	let total = 0;
	for (let j = 0; j < candidates.length; j++) {
		chunks = [];
		within(c.xs[j], c.ys[j], candidates[j], chunks);
		chunks.sort((a, b) => a - b);
		all.push(chunks);
		total += chunks.length;
		start[j + 1] = total;
	}
	const index = new Int32Array(total);
	for (let j = 0; j < all.length; j++) index.set(all[j], start[j]);

	const coveredByExisting = new Uint8Array(demand.length);
	if (existing.length > 0) {
		const e = project(existing);
		const hits: number[] = [];
		for (let f = 0; f < existing.length; f++) {
			hits.length = 0;
			within(e.xs[f], e.ys[f], existing[f], hits);
			for (const h of hits) coveredByExisting[h] = 1;
		}
	}
	return { candidateDemand: { start, index }, coveredByExisting };
}

/** Transpose a CSR matrix with `cols` columns. */
export function transpose(m: Csr, cols: number): Csr {
	const rows = m.start.length - 1;
	const start = new Int32Array(cols + 1);
	for (let k = 0; k < m.index.length; k++) start[m.index[k] + 1]++;
	for (let c = 0; c < cols; c++) start[c + 1] += start[c];
	const fill = start.slice(0, cols);
	const index = new Int32Array(m.index.length);
	for (let r = 0; r < rows; r++) {
		for (let k = m.start[r]; k < m.start[r + 1]; k++) index[fill[m.index[k]]++] = r;
	}
	return { start, index };
}

/**
 * The instance the solvers work on: demand aggregated into groups with identical sets of
 * covering candidates. Demand already covered by an existing facility, and demand that no
 * candidate reaches, drop out (their weight is kept as constants). The objective of a choice of
 * sites is the total weight of the groups it covers (the newly covered weight).
 */
export interface CoverageModel {
	candidateCount: number;
	/** Weight of each demand group. */
	groupWeight: Float64Array;
	/** group → covering candidates (ascending). */
	groupCandidates: Csr;
	/** candidate → groups it covers (ascending). */
	candidateGroups: Csr;
	/** demand index → group, or -1 when covered by an existing facility, -2 when no candidate reaches it. */
	groupOfDemand: Int32Array;
	totalWeight: number;
	existingWeight: number;
	unreachableWeight: number;
	/** Weight that the candidates could cover at most (all groups). */
	coverableWeight: number;
}

/**
 * Aggregate demand: points with the same sorted list of covering candidates (hashed as a key)
 * become one group whose weight is their sum. Demand of weight 0 is kept in its group (it changes
 * nothing). Aggregation preserves the objective of every choice of sites.
 */
export function aggregateCoverage(
	weights: ArrayLike<number>,
	coverage: CoverageSets,
	candidateCount: number
): CoverageModel {
	const n = weights.length;
	const demandCandidates = transpose(coverage.candidateDemand, n);
	const groupOfDemand = new Int32Array(n);
	const byKey = new Map<string, number>();
	const groupWeights: number[] = [];
	const groupStart: number[] = [0];
	const groupIndex: number[] = [];
	let totalWeight = 0;
	let existingWeight = 0;
	let unreachableWeight = 0;
	for (let i = 0; i < n; i++) {
		const w = weights[i];
		totalWeight += w;
		if (coverage.coveredByExisting[i]) {
			groupOfDemand[i] = -1;
			existingWeight += w;
			continue;
		}
		const s = demandCandidates.start[i];
		const e = demandCandidates.start[i + 1];
		if (s === e) {
			groupOfDemand[i] = -2;
			unreachableWeight += w;
			continue;
		}
		// transpose() yields candidates in ascending order, so the list is already sorted.
		const key = demandCandidates.index.subarray(s, e).join(',');
		let g = byKey.get(key);
		if (g === undefined) {
			g = groupWeights.length;
			byKey.set(key, g);
			groupWeights.push(0);
			for (let k = s; k < e; k++) groupIndex.push(demandCandidates.index[k]);
			groupStart.push(groupIndex.length);
		}
		groupWeights[g] += w;
		groupOfDemand[i] = g;
	}
	const groupCandidates: Csr = { start: Int32Array.from(groupStart), index: Int32Array.from(groupIndex) };
	const groupWeight = Float64Array.from(groupWeights);
	let coverableWeight = 0;
	for (const w of groupWeight) coverableWeight += w;
	return {
		candidateCount,
		groupWeight,
		groupCandidates,
		candidateGroups: transpose(groupCandidates, candidateCount),
		groupOfDemand,
		totalWeight,
		existingWeight,
		unreachableWeight,
		coverableWeight
	};
}

/** Newly covered weight of a set of candidate indices (evaluated on the model). */
export function coveredWeight(model: CoverageModel, chosen: readonly number[]): number {
	const hit = new Uint8Array(model.groupWeight.length);
	let sum = 0;
	for (const j of chosen) {
		for (let k = model.candidateGroups.start[j]; k < model.candidateGroups.start[j + 1]; k++) {
			const g = model.candidateGroups.index[k];
			if (!hit[g]) {
				hit[g] = 1;
				sum += model.groupWeight[g];
			}
		}
	}
	return sum;
}

/**
 * Build a model directly from explicit coverage lists (tests, textbook instances):
 * `covers[j]` lists the demand indices candidate j covers.
 */
export function modelFromCoverLists(
	weights: readonly number[],
	covers: readonly (readonly number[])[],
	coveredByExisting: readonly number[] = []
): CoverageModel {
	const start = new Int32Array(covers.length + 1);
	const index: number[] = [];
	covers.forEach((list, j) => {
		index.push(...[...new Set(list)].sort((a, b) => a - b));
		start[j + 1] = index.length;
	});
	const existing = new Uint8Array(weights.length);
	for (const i of coveredByExisting) existing[i] = 1;
	return aggregateCoverage(
		weights,
		{ candidateDemand: { start, index: Int32Array.from(index) }, coveredByExisting: existing },
		covers.length
	);
}
