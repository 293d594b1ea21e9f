/**
 * Coverage over a walking network: which demand points a candidate site reaches within a walk, by
 * the rule of migration 330 (README "Walking distance"), so that a proposed site counts exactly as the
 * facility built there later would. Pure (no Node-only APIs).
 *
 * The network is undirected edges (`source`, `target`, `cost` in metres). A point (a building's
 * access point, a candidate snapped to the network) lies on an edge at `frac` (0 at source, 1 at
 * target) with an access leg of `access` metres. The walk from a site S to a building B is
 *   min( S.access + S.frac·cost_S  (to S's source) …, and the same via S's target )
 *   + shortest path between the two edges' ends + B's way along its edge + B.access,
 * or, on the same edge, S.access + |S.frac − B.frac|·cost + B.access: the terms of migration 330's
 * refresh_building_walk, added in its order. Shortest paths: Dijkstra with a binary heap, bounded
 * by the walk limit; scratch arrays reset only where a search went, so each search costs what it visits.
 */

/** Undirected network in compressed adjacency: the edges at node n are `adjEdge[adjStart[n] .. adjStart[n+1])`. */
export interface WalkGraph {
	nodes: number;
	source: Int32Array;
	target: Int32Array;
	cost: Float64Array;
	adjStart: Int32Array;
	adjEdge: Int32Array;
	/** edge id (as in walk_edges) → edge index */
	edgeIndex: IdIndex;
}

/** A point on the network: on edge `edge` (an id of walk_edges), `frac` along it, `access` metres off it. */
export interface EdgePoint {
	edge: number;
	frac: number;
	access: number;
}

/** Integer ids → indices. */
interface IdIndex {
	get(id: number): number | undefined;
}

/**
 * An IdIndex for ids that are small non-negative integers (walk_edges numbers its edges and nodes from
 * 1): a typed array, where a Map of 804,485 edges and 648,469 nodes (--scale 40) took most of the
 * graph's 1.3 s build. Other ids (tests' hand-built graphs may use any integers) go to a Map.
 */
class DenseIndex implements IdIndex {
	private table: Int32Array;
	private other = new Map<number, number>();
	size = 0;
	constructor(maxId: number) {
		this.table = new Int32Array(maxId + 1).fill(-1);
	}
	get(id: number): number | undefined {
		if (Number.isInteger(id) && id >= 0 && id < this.table.length) {
			const i = this.table[id];
			return i < 0 ? undefined : i;
		}
		return this.other.get(id);
	}
	set(id: number, index: number): void {
		if (Number.isInteger(id) && id >= 0 && id < this.table.length) this.table[id] = index;
		else this.other.set(id, index);
	}
	/** The id's index, given the next one when first seen. */
	add(id: number): number {
		const i = this.get(id);
		if (i !== undefined) return i;
		this.set(id, this.size);
		return this.size++;
	}
}

/** Build the graph from edge rows (ids and node ids any integers). */
export function buildWalkGraph(
	edges: readonly { id: number; source: number; target: number; cost: number }[]
): WalkGraph {
	// ids up to a few times the count fit the typed arrays; larger ones use the Map
	const m = edges.length;
	const cap = 4 * m + 1024;
	let maxNode = 0;
	let maxEdge = 0;
	for (const e of edges) {
		if (e.source <= cap && e.source > maxNode) maxNode = e.source;
		if (e.target <= cap && e.target > maxNode) maxNode = e.target;
		if (e.id <= cap && e.id > maxEdge) maxEdge = e.id;
	}
	const nodeIndex = new DenseIndex(maxNode);
	const source = new Int32Array(m);
	const target = new Int32Array(m);
	const cost = new Float64Array(m);
	const edgeIndex = new DenseIndex(maxEdge);
	edges.forEach((e, k) => {
		source[k] = nodeIndex.add(e.source);
		target[k] = nodeIndex.add(e.target);
		cost[k] = e.cost;
		edgeIndex.set(e.id, k);
	});
	const n = nodeIndex.size;
	const degree = new Int32Array(n + 1);
	for (let k = 0; k < m; k++) {
		degree[source[k] + 1]++;
		if (target[k] !== source[k]) degree[target[k] + 1]++;
	}
	const adjStart = new Int32Array(n + 1);
	for (let i = 0; i < n; i++) adjStart[i + 1] = adjStart[i] + degree[i + 1];
	const fill = adjStart.slice(0, n);
	const adjEdge = new Int32Array(adjStart[n]);
	for (let k = 0; k < m; k++) {
		adjEdge[fill[source[k]]++] = k;
		if (target[k] !== source[k]) adjEdge[fill[target[k]]++] = k;
	}
	return { nodes: n, source, target, cost, adjStart, adjEdge, edgeIndex };
}

/**
 * Min-heap of (key, node) pairs in typed arrays that grow as needed; stale entries are skipped by the
 * caller. `pop` leaves the popped pair in `topKey` / `topVal` (no pair allocated per pop: a city-wide
 * run pops some tens of millions).
 */
class Heap {
	keys = new Float64Array(1024);
	vals = new Int32Array(1024);
	size = 0;
	topKey = 0;
	topVal = 0;
	push(k: number, v: number) {
		if (this.size === this.keys.length) {
			const keys = new Float64Array(this.size * 2);
			const vals = new Int32Array(this.size * 2);
			keys.set(this.keys);
			vals.set(this.vals);
			this.keys = keys;
			this.vals = vals;
		}
		const { keys, vals } = this;
		let i = this.size++;
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (keys[p] <= k) break;
			keys[i] = keys[p];
			vals[i] = vals[p];
			i = p;
		}
		keys[i] = k;
		vals[i] = v;
	}
	pop() {
		const { keys, vals } = this;
		this.topKey = keys[0];
		this.topVal = vals[0];
		const n = --this.size;
		if (n > 0) {
			const k = keys[n];
			const v = vals[n];
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				const c = r < n && keys[r] < keys[l] ? r : l;
				if (keys[c] >= k) break;
				keys[i] = keys[c];
				vals[i] = vals[c];
				i = c;
			}
			keys[i] = k;
			vals[i] = v;
		}
	}
}

/**
 * For each site, the demand points within `limit` metres of walk (boundary included), as ascending
 * indices into `demand`. Sites or demand points that are null, or whose edge is not in the graph,
 * reach / are reached by nothing here (the caller measures them by straight line).
 */
export function networkCoverage(
	graph: WalkGraph,
	sites: readonly (EdgePoint | null)[],
	demand: readonly (EdgePoint | null)[],
	limit: number
): number[][] {
	// demand points per edge index
	const onEdge = new Map<number, number[]>();
	demand.forEach((d, i) => {
		if (!d) return;
		const e = graph.edgeIndex.get(d.edge);
		if (e === undefined) return;
		let list = onEdge.get(e);
		if (!list) onEdge.set(e, (list = []));
		list.push(i);
	});
	const dist = new Float64Array(graph.nodes).fill(Infinity);
	const touched: number[] = [];
	const best = new Float64Array(demand.length).fill(Infinity);
	const hit: number[] = [];
	const heap = new Heap();
	const { source, target, cost, adjStart, adjEdge } = graph;

	const reach = (i: number, d: number) => {
		if (d > limit) return;
		if (best[i] === Infinity) hit.push(i);
		if (d < best[i]) best[i] = d;
	};
	const relax = (node: number, d: number) => {
		if (d > limit || d >= dist[node]) return;
		if (dist[node] === Infinity) touched.push(node);
		dist[node] = d;
		heap.push(d, node);
	};

	return sites.map((s) => {
		if (!s) return [];
		const e0 = graph.edgeIndex.get(s.edge);
		if (e0 === undefined) return [];
		relax(source[e0], s.access + s.frac * cost[e0]);
		relax(target[e0], s.access + (1 - s.frac) * cost[e0]);
		while (heap.size > 0) {
			heap.pop();
			const d = heap.topKey;
			const u = heap.topVal;
			if (d > dist[u]) continue;
			for (let t = adjStart[u]; t < adjStart[u + 1]; t++) {
				const e = adjEdge[t];
				const v = source[e] === u ? target[e] : source[e];
				relax(v, d + cost[e]);
			}
		}
		// demand on the edges at each reached node, from that node's end
		for (const u of touched) {
			const du = dist[u];
			for (let t = adjStart[u]; t < adjStart[u + 1]; t++) {
				const e = adjEdge[t];
				const list = onEdge.get(e);
				if (!list) continue;
				for (const i of list) {
					const p = demand[i]!;
					if (source[e] === u) reach(i, p.access + du + p.frac * cost[e]);
					if (target[e] === u) reach(i, p.access + du + (1 - p.frac) * cost[e]);
				}
			}
		}
		// demand on the site's own edge, along it
		for (const i of onEdge.get(e0) ?? []) {
			const p = demand[i]!;
			reach(i, p.access + Math.abs(p.frac - s.frac) * cost[e0] + s.access);
		}
		for (const u of touched) dist[u] = Infinity;
		touched.length = 0;
		const out = hit.filter((i) => best[i] <= limit).sort((a, b) => a - b);
		for (const i of hit) best[i] = Infinity;
		hit.length = 0;
		return out;
	});
}

/**
 * A test of whether any of `points` (plane metres) lies within `r` of a point: the points hashed on
 * squares of side r, so a test reads the 3 × 3 squares around the point.
 */
export function withinOf(
	points: readonly { x: number; y: number }[],
	r: number
): (x: number, y: number) => boolean {
	const cells = new Map<string, { x: number; y: number }[]>();
	for (const q of points) {
		const key = `${Math.floor(q.x / r)},${Math.floor(q.y / r)}`;
		let list = cells.get(key);
		if (!list) cells.set(key, (list = []));
		list.push(q);
	}
	return (x, y) => {
		const i = Math.floor(x / r);
		const j = Math.floor(y / r);
		for (let di = -1; di <= 1; di++)
			for (let dj = -1; dj <= 1; dj++)
				for (const q of cells.get(`${i + di},${j + dj}`) ?? [])
					if ((q.x - x) ** 2 + (q.y - y) ** 2 <= r * r) return true;
		return false;
	};
}
