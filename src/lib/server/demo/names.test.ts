import { describe, expect, it } from 'vitest';
import { chineseNumber, uniqueName } from './names';
import { Random } from './random';

/** uniqueName as it was written first: every n of the numbered names built and looked up. */
function plainUniqueName(rng: Random, pool: readonly string[], suffix: string, used: Set<string>): string {
	for (let attempt = 0; attempt < 8; attempt++) {
		const name = rng.pick(pool) + suffix;
		if (!used.has(name)) {
			used.add(name);
			return name;
		}
	}
	for (let n = 2; ; n++) {
		const name = rng.pick(pool) + chineseNumber(n) + suffix;
		if (!used.has(name)) {
			used.add(name);
			return name;
		}
	}
}

describe('uniqueName', () => {
	it('gives the same names as building every numbered name, long after the pool runs dry', () => {
		// a pool with a repeated word, two suffixes drawing on one used set, and a name taken
		// beforehand by someone else: 600 names from 4 distinct words reach n ≈ 75
		const pool = ['春晖', '锦绣', '春晖', '翠苑', '兴华'];
		const run = (fn: typeof uniqueName) => {
			const rng = new Random(7);
			const used = new Set(['锦绣三路']);
			return Array.from({ length: 600 }, (_, k) => fn(rng, pool, k % 3 ? '路' : '巷', used));
		};
		const fast = run(uniqueName);
		expect(fast).toEqual(run(plainUniqueName));
		// what it knows of taken names belongs to one used set: a fresh set starts over
		expect(run(uniqueName)).toEqual(fast);
		expect(new Set(fast).size).toBe(600);
		expect(fast).not.toContain('锦绣三路');
		expect(fast.filter((n) => n.endsWith('路')).length).toBe(400);
	});
});
