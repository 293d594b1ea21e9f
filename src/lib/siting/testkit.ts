/** Helpers for the siting tests (brute force, random instances). Not used by the app. */
import { coveredWeight, modelFromCoverLists, type CoverageModel } from './coverage';
import { seededRandom } from './instances';

/** Best objective over all k-subsets of the candidates (k-subsets of size ≤ k are dominated). */
export function bruteForceMclp(model: CoverageModel, k: number): { objective: number; chosen: number[] } {
	const n = model.candidateCount;
	let best = -1;
	let bestSet: number[] = [];
	const pick: number[] = [];
	const rec = (from: number) => {
		if (pick.length === Math.min(k, n)) {
			const v = coveredWeight(model, pick);
			if (v > best) {
				best = v;
				bestSet = [...pick];
			}
			return;
		}
		for (let j = from; j < n; j++) {
			pick.push(j);
			rec(j + 1);
			pick.pop();
		}
	};
	rec(0);
	return { objective: best, chosen: bestSet };
}

/** Fewest sites reaching `target` newly covered weight, by brute force (null: unreachable). */
export function bruteForceSetCover(model: CoverageModel, target: number): number | null {
	for (let size = 0; size <= model.candidateCount; size++) {
		if (bruteForceMclp(model, size).objective >= target - 1e-9) return size;
	}
	return null;
}

/** A random covering instance: `m` demand points, `n` candidates, each covering a few points. */
export function randomModel(
	seed: number,
	m: number,
	n: number,
	density = 0.25
): {
	model: CoverageModel;
	weights: number[];
	covers: number[][];
} {
	const rand = seededRandom(seed);
	const weights = Array.from({ length: m }, () => Math.floor(rand() * 20));
	const covers = Array.from({ length: n }, () => {
		const list: number[] = [];
		for (let i = 0; i < m; i++) if (rand() < density) list.push(i);
		return list;
	});
	return { model: modelFromCoverLists(weights, covers), weights, covers };
}
