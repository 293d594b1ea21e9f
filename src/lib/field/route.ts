// The suggested patrol route: visit the stops in a short order starting from where the worker
// stands. Nearest neighbour gives a first order; 2-opt then reverses segments while that shortens
// the walk. An open path (the walk ends at the last stop), so the start never moves.
import { toLocalMetres } from './geo';

export interface XY {
	x: number;
	y: number;
}

const dist = (a: XY, b: XY) => Math.hypot(a.x - b.x, a.y - b.y);

/** Length of the walk start → stops[order[0]] → … → stops[order[n-1]]. */
export function pathLength(start: XY, stops: readonly XY[], order: readonly number[]): number {
	let total = 0;
	let at = start;
	for (const i of order) {
		total += dist(at, stops[i]);
		at = stops[i];
	}
	return total;
}

/** Greedy: always walk to the nearest stop not yet visited (ties: the lower index). */
export function nearestNeighbour(start: XY, stops: readonly XY[]): number[] {
	const left = new Set(stops.map((_, i) => i));
	const order: number[] = [];
	let at = start;
	while (left.size) {
		let best = -1;
		let bestD = Infinity;
		for (const i of left) {
			const d = dist(at, stops[i]);
			if (d < bestD) [best, bestD] = [i, d];
		}
		order.push(best);
		left.delete(best);
		at = stops[best];
	}
	return order;
}

/**
 * 2-opt on an open path with a fixed start: reverse order[i..k] whenever that shortens the walk,
 * until no reversal helps (or maxRounds). Never returns a longer path than it was given.
 */
export function twoOpt(start: XY, stops: readonly XY[], order: readonly number[], maxRounds = 50): number[] {
	const o = [...order];
	const n = o.length;
	const at = (j: number) => (j < 0 ? start : stops[o[j]]);
	for (let round = 0, improved = true; improved && round < maxRounds; round++) {
		improved = false;
		for (let i = 0; i < n - 1; i++) {
			for (let k = i + 1; k < n; k++) {
				// edges (i-1 → i) and (k → k+1) become (i-1 → k) and (i → k+1); the last stop has no next edge
				const before = dist(at(i - 1), at(i)) + (k + 1 < n ? dist(at(k), at(k + 1)) : 0);
				const after = dist(at(i - 1), at(k)) + (k + 1 < n ? dist(at(i), at(k + 1)) : 0);
				if (after < before - 1e-9) {
					o.splice(i, k - i + 1, ...o.slice(i, k + 1).reverse());
					improved = true;
				}
			}
		}
	}
	return o;
}

export interface RouteStop {
	lon: number;
	lat: number;
}

export interface SuggestedRoute<S> {
	stops: S[];
	/** metres of the suggested walk, and of the nearest-neighbour walk it improved on */
	lengthM: number;
	nearestNeighbourM: number;
}

/** Orders the stops into a short walk from `start` (lon/lat in, metres out). */
export function suggestRoute<S extends RouteStop>(start: RouteStop, stops: readonly S[]): SuggestedRoute<S> {
	const xy = stops.map((s) => toLocalMetres(s, start));
	const origin = { x: 0, y: 0 };
	const nn = nearestNeighbour(origin, xy);
	const best = twoOpt(origin, xy, nn);
	return {
		stops: best.map((i) => stops[i]),
		lengthM: Math.round(pathLength(origin, xy, best)),
		nearestNeighbourM: Math.round(pathLength(origin, xy, nn))
	};
}
