// A tiny seeded PRNG (mulberry32) and the few distributions the demo generator needs.
// Same seed, same sequence: the demo city is reproducible.

import { mulberry32, type Rng } from '../../random';

export { mulberry32, type Rng };

/** Helpers over one stream of random numbers. */
export class Random {
	readonly next: Rng;
	constructor(seed: number) {
		this.next = mulberry32(seed);
	}
	/** Uniform in [a, b). */
	uniform(a: number, b: number): number {
		return a + (b - a) * this.next();
	}
	/** Integer in [a, b], both ends included. */
	int(a: number, b: number): number {
		return a + Math.floor(this.next() * (b - a + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	/** Standard normal (Box-Muller). */
	normal(mean = 0, sd = 1): number {
		const u = 1 - this.next();
		const v = this.next();
		return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}
	/** Log-normal with the given median. */
	logNormal(median: number, sigma: number): number {
		return median * Math.exp(this.normal(0, sigma));
	}
	/** Index drawn with the given weights. */
	weighted(weights: readonly number[]): number {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < weights.length; i++) {
			r -= weights[i];
			if (r < 0) return i;
		}
		return weights.length - 1;
	}
	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}
}

/** Cumulative weights for fast repeated weighted draws (binary search). */
export class WeightedTable {
	private readonly cumulative: Float64Array;
	constructor(weights: ArrayLike<number>) {
		this.cumulative = new Float64Array(weights.length);
		let total = 0;
		for (let i = 0; i < weights.length; i++) {
			total += weights[i];
			this.cumulative[i] = total;
		}
	}
	draw(u: number): number {
		const c = this.cumulative;
		const target = u * c[c.length - 1];
		let lo = 0;
		let hi = c.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (c[mid] > target) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}
}
