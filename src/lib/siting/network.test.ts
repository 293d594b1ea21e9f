import { describe, expect, it } from 'vitest';
import { buildWalkGraph, networkCoverage, withinOf, type EdgePoint } from './network';
import { seededRandom } from './instances';

// The river of tests/integration/walk-network.test.ts, in metres: the south bank street (edge 1,
// nodes 1–2, 225 m), the only bridge (edge 2, nodes 2–3, 230 m), the north bank street (edge 3,
// nodes 3–4, 225 m). A site at the north street's west end (10 m off it) and a building at the south
// street's west end (10 m off it): 250 m apart in a straight line, 700 m on foot.
const river = [
	{ id: 1, source: 1, target: 2, cost: 225 },
	{ id: 2, source: 2, target: 3, cost: 230 },
	{ id: 3, source: 4, target: 3, cost: 225 }
];
const site: EdgePoint = { edge: 3, frac: 0, access: 10 };
const building: EdgePoint = { edge: 1, frac: 0, access: 10 };

describe('network coverage', () => {
	it('the only bridge: 700 m on foot, so not reached at 500 m, reached at 700 m', () => {
		const g = buildWalkGraph(river);
		expect(networkCoverage(g, [site], [building], 500)).toEqual([[]]);
		expect(networkCoverage(g, [site], [building], 699.9)).toEqual([[]]);
		expect(networkCoverage(g, [site], [building], 700)).toEqual([[0]]);
	});

	it('a footbridge (a new edge) makes it 250 m', () => {
		const g = buildWalkGraph([...river, { id: 4, source: 1, target: 4, cost: 230 }]);
		expect(networkCoverage(g, [site], [building], 250)).toEqual([[0]]);
		expect(networkCoverage(g, [site], [building], 249.9)).toEqual([[]]);
	});

	it('on the same edge the walk goes along it: |Δfrac| × cost plus both access legs', () => {
		const g = buildWalkGraph(river);
		const a: EdgePoint = { edge: 1, frac: 0.2, access: 5 };
		const b: EdgePoint = { edge: 1, frac: 0.6, access: 7 };
		// 5 + 0.4 × 225 + 7 = 102
		expect(networkCoverage(g, [a], [b], 102)).toEqual([[0]]);
		expect(networkCoverage(g, [a], [b], 101.9)).toEqual([[]]);
	});

	it('any integer ids: negative, huge or mixed with small ones give the same walks as small ones', () => {
		// small ids go to the typed arrays, the others to the Map fallback; both in one graph
		const odd = (id: number) => (id === 1 ? -7 : id === 2 ? 2 ** 40 : id);
		const g = buildWalkGraph(
			river.map((e) => ({ ...e, id: odd(e.id), source: odd(e.source), target: odd(e.target) }))
		);
		const at = (p: EdgePoint): EdgePoint => ({ ...p, edge: odd(p.edge) });
		expect(g.nodes).toBe(4);
		expect(networkCoverage(g, [at(site)], [at(building)], 699.9)).toEqual([[]]);
		expect(networkCoverage(g, [at(site)], [at(building)], 700)).toEqual([[0]]);
		expect(g.edgeIndex.get(-7)).toBe(0);
		expect(g.edgeIndex.get(2 ** 40)).toBe(1);
		expect(g.edgeIndex.get(3)).toBe(2);
		expect(g.edgeIndex.get(1)).toBeUndefined();
	});

	it('sites or points off the network (null, unknown edge) reach nothing', () => {
		const g = buildWalkGraph(river);
		expect(networkCoverage(g, [null, { edge: 99, frac: 0, access: 0 }], [building], 5000)).toEqual([[], []]);
		expect(networkCoverage(g, [site], [null, building], 5000)).toEqual([[1]]);
	});

	it('equals all-pairs shortest paths (Floyd–Warshall) on a random network, for many sites at once', () => {
		const rng = seededRandom(7);
		const n = 40;
		const edges: { id: number; source: number; target: number; cost: number }[] = [];
		for (let k = 0; k < 90; k++) {
			const s = Math.floor(rng() * n);
			const t = Math.floor(rng() * n);
			edges.push({ id: 100 + k, source: s, target: t, cost: 20 + Math.round(rng() * 200) });
		}
		const d = Array.from({ length: n }, (_, i) =>
			Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity))
		);
		for (const e of edges) {
			d[e.source][e.target] = Math.min(d[e.source][e.target], e.cost);
			d[e.target][e.source] = Math.min(d[e.target][e.source], e.cost);
		}
		for (let k = 0; k < n; k++)
			for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
		const point = (): EdgePoint => ({
			edge: 100 + Math.floor(rng() * edges.length),
			frac: Math.round(rng() * 100) / 100,
			access: Math.round(rng() * 50)
		});
		const sites = Array.from({ length: 15 }, point);
		const demand = Array.from({ length: 60 }, point);
		const walk = (s: EdgePoint, p: EdgePoint) => {
			const es = edges[s.edge - 100];
			const ep = edges[p.edge - 100];
			const ends: [number, number][] = [
				[es.source, s.access + s.frac * es.cost],
				[es.target, s.access + (1 - s.frac) * es.cost]
			];
			let best = Infinity;
			for (const [u, du] of ends) {
				best = Math.min(best, du + d[u][ep.source] + p.frac * ep.cost + p.access);
				best = Math.min(best, du + d[u][ep.target] + (1 - p.frac) * ep.cost + p.access);
			}
			if (s.edge === p.edge) best = Math.min(best, s.access + Math.abs(s.frac - p.frac) * es.cost + p.access);
			return best;
		};
		const limit = 400;
		const got = networkCoverage(buildWalkGraph(edges), sites, demand, limit);
		const want = sites.map((s) =>
			demand
				.flatMap((p, i) => (walk(s, p) <= limit + 1e-9 ? [i] : []))
				.filter((i) => walk(s, demand[i]) < limit - 1e-9 || true)
		);
		// no pair within 1e-9 of the limit, so the two sides cannot differ by rounding
		for (const s of sites) for (const p of demand) expect(Math.abs(walk(s, p) - limit)).toBeGreaterThan(1e-6);
		expect(got).toEqual(want);
		expect(want.flat().length).toBeGreaterThan(20);
		expect(want.flat().length).toBeLessThan(sites.length * demand.length);
	});
});

describe('withinOf', () => {
	it('says whether a point lies within r (boundary included), as a brute-force scan of all points does', () => {
		const rng = seededRandom(11);
		const points = Array.from({ length: 300 }, () => ({ x: rng() * 5000 - 2500, y: rng() * 5000 - 2500 }));
		const near = withinOf(points, 500);
		let yes = 0;
		for (let k = 0; k < 2000; k++) {
			const x = rng() * 7000 - 3500;
			const y = rng() * 7000 - 3500;
			const want = points.some((q) => (q.x - x) ** 2 + (q.y - y) ** 2 <= 500 * 500);
			expect(near(x, y)).toBe(want);
			if (want) yes++;
		}
		// both answers occur
		expect(yes).toBeGreaterThan(100);
		expect(yes).toBeLessThan(1900);
		expect(withinOf([{ x: 0, y: 0 }], 500)(300, 400)).toBe(true);
		expect(withinOf([{ x: 0, y: 0 }], 500)(300, 400.01)).toBe(false);
		expect(withinOf([], 500)(0, 0)).toBe(false);
	});
});
