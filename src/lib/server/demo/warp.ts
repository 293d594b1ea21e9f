// The demo city's warp: a smooth, seeded deformation of the plane that bends the layout's straight
// lattice (streets, communities, compounds, rows of buildings) into a city of curving arterials and
// irregular blocks, while keeping every containment, tiling and non-crossing of the layout.
//
// Why a warp and not a new subdivision: every invariant of the demo city (buildings in compounds in
// communities in streets, grid cells tiling each community, roads clear of compounds, the river
// crossed only by bridges) rests on the layout's topology. A homeomorphism of the plane keeps
// topology: what is inside stays inside, what does not cross still does not cross. The map
// p ↦ p + d(p) is one (injective, orientation-preserving, onto) whenever the displacement d is
// Lipschitz with a constant below 1 (then p + d(p) = q + d(q) gives |p − q| = |d(q) − d(p)| < |p − q|
// unless p = q; and det(I + ∇d) > 0). `Warp.lipschitzBound` works out that constant from the
// field's own parameters; it is below 0.9 by construction (checked in warp.test.ts).
//
// The field, in metres east and north of an origin (the seat), is
//   d(p) = Σ T_i(p) · component_i(p)
// - five plane waves, seeded: transverse ones (each displaces across its own direction of travel, so
//   roads of both directions bend) 5-7 km, 3-4 km and 0.7-1 km long, 120, 35 and 16 m high, and one
//   longitudinal (it squeezes and stretches, so blocks come out of varied widths: 2-2.6 km, 30 m);
// - one bump per street (its plan rectangle, whose edges are the arterials): c · sin(πu)·sin(πv) in
//   the rectangle's own coordinates, zero on its edges, so the secondary roads and lanes inside a
//   street bend on their own and meet the arterials at angles other than square (|c| ≤ 60 m);
// - T_i, each component's taper: 0 within 150 m (less 71 m, see FIXED_BAND_M) of every line that
//   must not move (the districts' boundaries, which neighbouring districts share, and the river's
//   keep-out band: water, bank strip, bank roads, bridges), rising smoothly (smoothstep of the
//   distance) to 1 over a length of its own: 2.5 km for the long waves, 1.5 km for the bumps, 600 m
//   for the short wave (a small, short displacement may rise fast and still bend little, so the
//   blocks near the river are irregular too). The distance is sampled on a 50 m lattice of nodes
//   fixed in space (computed when first needed) and interpolated bilinearly.
//
// Straight edges stay straight between their vertices, so `WarpGeometry` first puts vertices on long
// edges (every 0.0004°, about 40 m, at fixed ticks of longitude or latitude) and on every point where
// another polygon's or road's vertex lies on the edge (a T-junction): two polygons that share an edge,
// or a road that ends on another road, then share every warped vertex, and grid cells tile their
// community exactly after the warp as before.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { M_PER_DEG_LAT, mPerDegLon, r7 } from './geometry';
import type { MultiPolygonCoords } from './districts';
import { mulberry32 } from './random';
import type { Point, Rect } from './rows';

/**
 * No displacement within this distance of a fixed line (metres), less the diagonal of the taper's
 * lattice (NODE_M·√2: the nodes around a point are that much farther).
 */
export const FIXED_BAND_M = 150;
/** The longest distance over which a component's taper rises from 0 to 1 beyond the band (metres). */
export const TAPER_M = 2500;
/** The bumps' taper (metres). */
const BUMP_TAPER_M = 1500;
/** Spacing of the taper's sample lattice (metres). */
export const NODE_M = 50;
/** Vertices are put on long straight edges at multiples of this many degrees (about 40 m). */
export const TICK_DEG = 0.0004;

interface Wave {
	/** the taper's length (metres) */
	taper: number;
	/** wave vector, radians per metre */
	kx: number;
	ky: number;
	phase: number;
	/** displacement direction times amplitude, metres */
	ex: number;
	ey: number;
}
interface Block {
	/** the street's plan rectangle in local metres */
	x0: number;
	y0: number;
	x1: number;
	y1: number;
	/** the bump's displacement at its centre, metres */
	cx: number;
	cy: number;
}

export interface WarpOptions {
	seed: number;
	/** Where the field's metres are counted from (degrees); the scale of a degree is taken here. */
	origin: Point;
	/** Lines that must not move: every ring of every district polygon (degrees). */
	fixedLines: Point[][];
	/** Areas that must not move at all (the river's keep-out band). */
	fixedAreas: Feature<Polygon | MultiPolygon>[];
	/** The streets' plan rectangles: each bends what lies inside it on its own, zero on its edges. */
	blocks: Rect[];
}

const smoothstep = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));

/**
 * A seeded displacement field over the plane (see the file's head). `at` maps a point in degrees to
 * its warped place in degrees; pure and deterministic for the options.
 */
export class Warp {
	private readonly mx: number;
	private readonly my = M_PER_DEG_LAT;
	private readonly ox: number;
	private readonly oy: number;
	readonly waves: Wave[];
	readonly blocks: Block[];
	/** fixed segments in local metres, bucketed in 1 km cells */
	private readonly buckets = new Map<number, number[]>();
	private readonly segs: number[] = [];
	private readonly areas: Feature<Polygon | MultiPolygon>[];
	/** distance of each lattice node to the fixed lines and areas (0 inside an area) */
	private readonly nodeDistance = new Map<number, number>();

	constructor(opts: WarpOptions) {
		[this.ox, this.oy] = opts.origin;
		this.mx = mPerDegLon(this.oy);
		const random = mulberry32((opts.seed ^ 0x3a7b1e5) >>> 0);
		const u = (a: number, b: number) => a + (b - a) * random();
		const wave = (
			theta: number,
			length: number,
			height: number,
			transverse: boolean,
			taper: number
		): Wave => {
			const k = (2 * Math.PI) / length;
			const e = transverse ? theta + Math.PI / 2 : theta;
			return {
				taper,
				kx: k * Math.cos(theta),
				ky: k * Math.sin(theta),
				phase: u(0, 2 * Math.PI),
				ex: height * Math.cos(e),
				ey: height * Math.sin(e)
			};
		};
		const theta = u(0, Math.PI);
		this.waves = [
			wave(theta, u(5000, 7000), 120, true, TAPER_M),
			wave(theta + Math.PI / 2 + u(-0.4, 0.4), u(3000, 4000), 35, true, TAPER_M),
			wave(u(0, Math.PI), u(2000, 2600), 30, false, TAPER_M),
			wave(u(0, Math.PI), u(700, 1000), 16, true, 600)
		];
		this.blocks = opts.blocks.map((r) => {
			const [x0, y0] = this.local([r[0], r[1]]);
			const [x1, y1] = this.local([r[2], r[3]]);
			// the bump's slope is at most |c|·π·√(1/W² + 1/H²): keep it at 0.1, and |c| at 60 m
			const size = Math.min(60, 0.1 / (Math.PI * Math.hypot(1 / (x1 - x0), 1 / (y1 - y0))));
			const a = u(0, 2 * Math.PI);
			const m = size * u(0.6, 1);
			return { x0, y0, x1, y1, cx: m * Math.cos(a), cy: m * Math.sin(a) };
		});
		for (const line of opts.fixedLines)
			for (let k = 1; k < line.length; k++) this.addSegment(this.local(line[k - 1]), this.local(line[k]));
		for (const f of opts.fixedAreas) {
			const g = f.geometry;
			for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
				for (const ring of poly)
					for (let k = 1; k < ring.length; k++)
						this.addSegment(this.local(ring[k - 1] as Point), this.local(ring[k] as Point));
		}
		this.areas = opts.fixedAreas;
	}

	private local(p: Point): [number, number] {
		return [(p[0] - this.ox) * this.mx, (p[1] - this.oy) * this.my];
	}

	private static cell(i: number, j: number) {
		return (i + 100_000) * 200_000 + (j + 100_000);
	}

	private addSegment(a: [number, number], b: [number, number]) {
		const id = this.segs.length;
		this.segs.push(a[0], a[1], b[0], b[1]);
		const reach = FIXED_BAND_M + TAPER_M;
		const i0 = Math.floor((Math.min(a[0], b[0]) - reach) / 1000);
		const i1 = Math.floor((Math.max(a[0], b[0]) + reach) / 1000);
		const j0 = Math.floor((Math.min(a[1], b[1]) - reach) / 1000);
		const j1 = Math.floor((Math.max(a[1], b[1]) + reach) / 1000);
		for (let i = i0; i <= i1; i++)
			for (let j = j0; j <= j1; j++) {
				const key = Warp.cell(i, j);
				let list = this.buckets.get(key);
				if (!list) this.buckets.set(key, (list = []));
				list.push(id);
			}
	}

	/** The distance (metres) of a lattice node (i, j) to the fixed lines, 0 inside a fixed area. */
	private distanceAtNode(i: number, j: number): number {
		const key = Warp.cell(i, j);
		const hit = this.nodeDistance.get(key);
		if (hit !== undefined) return hit;
		const x = i * NODE_M;
		const y = j * NODE_M;
		let best = FIXED_BAND_M + TAPER_M;
		for (const id of this.buckets.get(Warp.cell(Math.floor(x / 1000), Math.floor(y / 1000))) ?? []) {
			const ax = this.segs[id];
			const ay = this.segs[id + 1];
			const dx = this.segs[id + 2] - ax;
			const dy = this.segs[id + 3] - ay;
			const len2 = dx * dx + dy * dy;
			const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
			const d = Math.hypot(x - ax - t * dx, y - ay - t * dy);
			if (d < best) best = d;
		}
		if (best > FIXED_BAND_M && best < FIXED_BAND_M + TAPER_M) {
			const p: Point = [this.ox + x / this.mx, this.oy + y / this.my];
			if (this.areas.some((a) => turf.booleanPointInPolygon(p, a))) best = 0;
		}
		this.nodeDistance.set(key, best);
		return best;
	}

	/** The distance to the fixed lines at a point in local metres (bilinear between lattice nodes). */
	private distanceAt(x: number, y: number): number {
		const fx = x / NODE_M;
		const fy = y / NODE_M;
		const i = Math.floor(fx);
		const j = Math.floor(fy);
		const s = fx - i;
		const t = fy - j;
		const a = this.distanceAtNode(i, j);
		const b = this.distanceAtNode(i + 1, j);
		const c = this.distanceAtNode(i, j + 1);
		const d = this.distanceAtNode(i + 1, j + 1);
		return (a * (1 - s) + b * s) * (1 - t) + (c * (1 - s) + d * s) * t;
	}

	/** The displacement at a point, in metres east and north. */
	displacement(p: Point): [number, number] {
		const [x, y] = this.local(p);
		const beyond = this.distanceAt(x, y) - FIXED_BAND_M;
		if (beyond <= 0) return [0, 0];
		let dx = 0;
		let dy = 0;
		for (const w of this.waves) {
			const s = Math.sin(w.kx * x + w.ky * y + w.phase) * smoothstep(beyond / w.taper);
			dx += w.ex * s;
			dy += w.ey * s;
		}
		const taper = smoothstep(beyond / BUMP_TAPER_M);
		for (const b of this.blocks) {
			if (x <= b.x0 || x >= b.x1 || y <= b.y0 || y >= b.y1) continue;
			const bump =
				Math.sin((Math.PI * (x - b.x0)) / (b.x1 - b.x0)) *
				Math.sin((Math.PI * (y - b.y0)) / (b.y1 - b.y0)) *
				taper;
			dx += b.cx * bump;
			dy += b.cy * bump;
		}
		return [dx, dy];
	}

	/** The warped place of a point (degrees, rounded to 1e-7 as every coordinate of the city). */
	at(p: Point): Point {
		const [dx, dy] = this.displacement(p);
		if (dx === 0 && dy === 0) return p;
		return [r7(p[0] + dx / this.mx), r7(p[1] + dy / this.my)];
	}

	/**
	 * An upper bound of the displacement's Lipschitz constant (metres per metre), from the field's
	 * parameters: for each component, its own slope (|wave|·|k|, a bump's |c|·π·√(1/W² + 1/H²)) plus
	 * its height times its taper's slope (smoothstep's 1.5 / length, times √2 for the bilinear
	 * interpolation of the distance); the largest bump counts once, as bumps do not overlap. Below
	 * 1, the warp is a homeomorphism (see the file's head).
	 */
	lipschitzBound(): number {
		const taperSlope = (length: number) => (1.5 * Math.SQRT2) / length;
		const waves = this.waves.reduce(
			(s, w) => s + Math.hypot(w.ex, w.ey) * (Math.hypot(w.kx, w.ky) + taperSlope(w.taper)),
			0
		);
		let bumps = 0;
		for (const b of this.blocks) {
			const c = Math.hypot(b.cx, b.cy);
			bumps = Math.max(
				bumps,
				c * (Math.PI * Math.hypot(1 / (b.x1 - b.x0), 1 / (b.y1 - b.y0)) + taperSlope(BUMP_TAPER_M))
			);
		}
		return waves + bumps;
	}
}

/**
 * Warps the city's geometries consistently: `register` every polygon and line first (their vertices
 * become vertices of any other edge they lie on), then `ring`, `line` and `multi` give the warped,
 * densified coordinates.
 */
/** Registered coordinates closer than this (degrees, about 3 cm) are one (WarpGeometry.canonicalize). */
const SAME_DEG = 3e-7;

export class WarpGeometry {
	/** vertices lying on each east-west line (by latitude: their longitudes) and north-south line */
	private onH = new Map<number, number[]>();
	private onV = new Map<number, number[]>();
	private sorted = true;

	constructor(readonly warp: Warp) {}

	private static push(map: Map<number, number[]>, key: number, value: number) {
		const list = map.get(key);
		if (list) list.push(value);
		else map.set(key, [value]);
	}

	/** Notes the vertices of a ring or line (degrees). */
	register(points: Point[]) {
		this.sorted = false;
		for (const p of points) {
			WarpGeometry.push(this.onH, p[1], p[0]);
			WarpGeometry.push(this.onV, p[0], p[1]);
		}
	}
	registerMulti(geom: MultiPolygonCoords) {
		for (const poly of geom) for (const ring of poly) this.register(ring as Point[]);
	}

	/** longitudes and latitudes a hair apart (SAME_DEG), as one: the first of each run */
	private canonLon = new Map<number, number>();
	private canonLat = new Map<number, number>();

	/**
	 * The layout rounds some shared corners differently (27.1544444 in one polygon, 27.1544445 in its
	 * neighbour): warped and rounded again, such a pair can turn back along an edge, a spike that makes
	 * the ring self-intersect (two grid cells of the city at scale 50). Every registered coordinate
	 * within SAME_DEG of the one before it is taken as that one, in every polygon alike.
	 */
	private canonicalize() {
		const runs = (values: Iterable<number>) => {
			const sorted = [...new Set(values)].sort((p, q) => p - q);
			const canon = new Map<number, number>();
			let first = NaN;
			for (let k = 0; k < sorted.length; k++) {
				if (k === 0 || sorted[k] - sorted[k - 1] > SAME_DEG) first = sorted[k];
				if (first !== sorted[k]) canon.set(sorted[k], first);
			}
			return canon;
		};
		this.canonLat = runs([...this.onH.keys(), ...[...this.onV.values()].flat()]);
		this.canonLon = runs([...this.onV.keys(), ...[...this.onH.values()].flat()]);
		const remap = (map: Map<number, number[]>, keys: Map<number, number>, values: Map<number, number>) => {
			const out = new Map<number, number[]>();
			for (const [key, list] of map) {
				const k = keys.get(key) ?? key;
				const target = out.get(k) ?? [];
				for (const v of list) target.push(values.get(v) ?? v);
				out.set(k, target);
			}
			return out;
		};
		this.onH = remap(this.onH, this.canonLat, this.canonLon);
		this.onV = remap(this.onV, this.canonLon, this.canonLat);
	}

	/** `p` with its coordinates as registered (see canonicalize). */
	private canonical(p: Point): Point {
		const x = this.canonLon.get(p[0]);
		const y = this.canonLat.get(p[1]);
		return x === undefined && y === undefined ? p : [x ?? p[0], y ?? p[1]];
	}

	private sort() {
		if (this.sorted) return;
		this.canonicalize();
		for (const map of [this.onH, this.onV])
			for (const list of map.values()) {
				list.sort((p, q) => p - q);
				let n = 0;
				for (let k = 0; k < list.length; k++) if (k === 0 || list[k] !== list[n - 1]) list[n++] = list[k];
				list.length = n;
			}
		this.sorted = true;
	}

	/** The points strictly between a and b along an axis-parallel line: ticks and registered vertices. */
	private between(list: number[] | undefined, a: number, b: number): number[] {
		const lo = Math.min(a, b);
		const hi = Math.max(a, b);
		const out: number[] = [];
		for (let k = Math.floor(lo / TICK_DEG) + 1; k * TICK_DEG < hi; k++) {
			const t = r7(k * TICK_DEG);
			if (t > lo && t < hi) out.push(t);
		}
		if (list) {
			let i0 = 0;
			let i1 = list.length;
			while (i0 < i1) {
				const m = (i0 + i1) >> 1;
				if (list[m] <= lo) i0 = m + 1;
				else i1 = m;
			}
			for (let k = i0; k < list.length && list[k] < hi; k++) out.push(list[k]);
			out.sort((p, q) => p - q);
		}
		const uniq = out.filter((v, k) => k === 0 || v !== out[k - 1]);
		return a <= b ? uniq : uniq.reverse();
	}

	/** A polyline (or ring: first = last) densified and warped. */
	line(raw: Point[]): Point[] {
		this.sort();
		const points = raw.map((p) => this.canonical(p));
		const out: Point[] = [];
		for (let k = 0; k < points.length; k++) {
			const p = points[k];
			if (k > 0) {
				const a = points[k - 1];
				if (a[1] === p[1]) {
					for (const t of this.between(this.onH.get(p[1]), a[0], p[0])) out.push(this.warp.at([t, p[1]]));
				} else if (a[0] === p[0]) {
					for (const t of this.between(this.onV.get(p[0]), a[1], p[1])) out.push(this.warp.at([p[0], t]));
				} else {
					const da = this.warp.displacement(a);
					const dp = this.warp.displacement(p);
					const still = da[0] === 0 && da[1] === 0 && dp[0] === 0 && dp[1] === 0;
					const n = still ? 1 : Math.ceil(Math.max(Math.abs(p[0] - a[0]), Math.abs(p[1] - a[1])) / TICK_DEG);
					// from the lesser end, so that an edge walked either way gets the same points
					const [s, e] = a[0] < p[0] || (a[0] === p[0] && a[1] < p[1]) ? [a, p] : [p, a];
					const mid: Point[] = [];
					for (let m = 1; m < n; m++)
						mid.push(this.warp.at([r7(s[0] + ((e[0] - s[0]) * m) / n), r7(s[1] + ((e[1] - s[1]) * m) / n)]));
					if (s !== a) mid.reverse();
					out.push(...mid);
				}
			}
			out.push(this.warp.at(p));
		}
		return out;
	}

	/** A polygon ring (closed) densified and warped. */
	ring(ring: Point[]): Point[] {
		return this.line(ring);
	}

	/**
	 * A small polygon's ring (a building, a compound's wall: nothing shares its edges) warped, its
	 * edges longer than `step` degrees cut in equal parts (a building's short edges stay straight).
	 */
	small(ring: Point[], step: number): Point[] {
		const out: Point[] = [];
		for (let k = 0; k < ring.length; k++) {
			const p = ring[k];
			if (k > 0) {
				const a = ring[k - 1];
				const n = Math.ceil(Math.max(Math.abs(p[0] - a[0]), Math.abs(p[1] - a[1])) / step - 1e-9);
				for (let m = 1; m < n; m++)
					out.push(this.warp.at([r7(a[0] + ((p[0] - a[0]) * m) / n), r7(a[1] + ((p[1] - a[1]) * m) / n)]));
			}
			out.push(this.warp.at(p));
		}
		return out;
	}

	multi(geom: MultiPolygonCoords): MultiPolygonCoords {
		return geom.map((poly) => poly.map((ring) => this.ring(ring as Point[])));
	}
}
