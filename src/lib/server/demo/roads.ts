// The demo city's road network. Roads run on the lines that the layout leaves free: street edges
// (arterials), community edges (secondary roads), and the gaps between compounds inside a
// community (lanes); compounds are inset from all of these, so no road crosses a compound or a
// building. Lines are merged where neighbours share them (the higher class wins), cut where they
// leave the land (a district minus the Gan river and its bank strip), and checked piece by piece
// against the compounds. Bank roads follow the river; a few arterials cross it on bridges.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { M_PER_DEG_LAT, mPerDegLon, r7 } from './geometry';
import { COMMUNITY_WORDS, uniqueName } from './names';
import { Random } from './random';
import { crossingAtLat, type River } from './river';
import type { Point, Rect } from './rows';

export type RoadClass = 'primary' | 'secondary' | 'residential';
const RANK: Record<RoadClass, number> = { residential: 1, secondary: 2, primary: 3 };
const BY_RANK: RoadClass[] = ['residential', 'residential', 'secondary', 'primary'];

export interface RoadRow {
	id: number;
	name: string | null;
	/** the lattice's classes, and 'footway' for the compounds' paths and gates (layout.ts) */
	class: RoadClass | 'footway';
	bridge: boolean;
	line: Point[];
}

/** Real road names of 吉安's centre, for the arterials (in the order lines are met). */
const ARTERIAL_NAMES = [
	'井冈山大道',
	'吉州大道',
	'阳明路',
	'中山路',
	'庐陵大道',
	'永叔路',
	'仁山路',
	'文山路',
	'韶山路',
	'城南大道',
	'鹭洲路',
	'北门路',
	'习溪路',
	'禾埠大道',
	'白塘路',
	'吉安大道',
	'天华路',
	'长塘路',
	'樟山路',
	'兴桥大道'
];
const BRIDGE_NAMES = ['吉安大桥', '井冈山大桥', '白鹭洲大桥', '庐陵大桥', '赣江三桥', '赣江四桥'];
const RIVER_ROADS = ['沿江路', '滨江大道'];

interface Interval {
	a: number;
	b: number;
	rank: number;
	/** which add() made it: a lane keeps its own name within its community */
	owner: number;
}
interface Line {
	/** 'h' runs east-west at latitude c; 'v' runs north-south at longitude c */
	dir: 'h' | 'v';
	c: number;
	district: number;
	intervals: Interval[];
}

/** Collects the free lines of the layout; `build` turns them into roads. */
export class RoadLattice {
	private lines = new Map<string, Line>();
	private compounds: Rect[] = [];
	private added = 0;

	private add(dir: 'h' | 'v', c: number, a: number, b: number, cls: RoadClass, district: number) {
		const key = `${district}|${dir}|${r7(c)}`;
		let line = this.lines.get(key);
		if (!line) this.lines.set(key, (line = { dir, c: r7(c), district, intervals: [] }));
		line.intervals.push({ a: Math.min(a, b), b: Math.max(a, b), rank: RANK[cls], owner: ++this.added });
	}
	/** The four edges of a rectangle as roads of one class. */
	rect(r: Rect, cls: RoadClass, district: number) {
		this.add('h', r[1], r[0], r[2], cls, district);
		this.add('h', r[3], r[0], r[2], cls, district);
		this.add('v', r[0], r[1], r[3], cls, district);
		this.add('v', r[2], r[1], r[3], cls, district);
	}
	/** A north-south road at longitude x from latitude y0 to y1. */
	vertical(x: number, y0: number, y1: number, cls: RoadClass, district: number) {
		this.add('v', x, y0, y1, cls, district);
	}
	/** An east-west road at latitude y from longitude x0 to x1. */
	horizontal(y: number, x0: number, x1: number, cls: RoadClass, district: number) {
		this.add('h', y, x0, x1, cls, district);
	}
	/** A compound no road may cross (checked piece by piece). */
	compound(r: Rect) {
		this.compounds.push(r);
	}

	/**
	 * The roads: merged lines cut to each district's land and kept clear of every compound, named
	 * deterministically by seed, plus the river's bank roads and bridges on `bridgeLats` (the
	 * arterials at those latitudes are carried on to the west bank first).
	 */
	build(opts: {
		seed: number;
		lands: (Feature<Polygon | MultiPolygon> | null)[];
		river: River;
		bridgeLats: { y: number; fromX: number; district: number }[];
	}): RoadRow[] {
		const rng = new Random((opts.seed ^ 0x70ad5) >>> 0);
		const grid = new RectIndex(this.compounds);
		const roads: RoadRow[] = [];
		const used = new Set<string>();
		let arterial = 0;
		const nameFor = (rank: number) =>
			rank === 3
				? (ARTERIAL_NAMES[arterial++] ?? uniqueName(rng, COMMUNITY_WORDS, '大道', used))
				: uniqueName(rng, COMMUNITY_WORDS, rank === 2 ? '路' : rng.chance(0.5) ? '巷' : '街', used);
		for (const n of ARTERIAL_NAMES) used.add(n);

		const keys = [...this.lines.keys()].sort();
		const lineNames = new Map<string, string>();
		/** how far east each east-west line reaches, to carry bridge arterials on to the bank */
		const reach = new Map<string, { x: number; name: string }[]>();
		for (const key of keys) {
			const line = this.lines.get(key)!;
			const land = opts.lands[line.district];
			if (!land) continue;
			// elementary intervals between breakpoints, each with the highest class that covers it
			const cuts = [...new Set(line.intervals.flatMap((i) => [i.a, i.b]))].sort((p, q) => p - q);
			const pieces: Interval[] = [];
			for (let k = 0; k < cuts.length - 1; k++) {
				const [a, b] = [cuts[k], cuts[k + 1]];
				const mid = (a + b) / 2;
				let best: Interval | null = null;
				for (const i of line.intervals) if (i.a <= mid && i.b >= mid && i.rank > (best?.rank ?? 0)) best = i;
				if (best) pieces.push({ a, b, rank: best.rank, owner: best.owner });
			}
			// split into pieces of at most ~100 m, keep those on land and clear of compounds
			const at = (t: number): Point => (line.dir === 'h' ? [t, line.c] : [line.c, t]);
			const metres = line.dir === 'h' ? mPerDegLon(line.c) : M_PER_DEG_LAT;
			const kept: Interval[] = [];
			for (const p of pieces) {
				const n = Math.max(1, Math.ceil(((p.b - p.a) * metres) / 100));
				for (let k = 0; k < n; k++) {
					const a = k === 0 ? p.a : p.a + ((p.b - p.a) * k) / n;
					const b = k === n - 1 ? p.b : p.a + ((p.b - p.a) * (k + 1)) / n;
					if (!turf.booleanPointInPolygon(at(a), land) || !turf.booleanPointInPolygon(at(b), land)) continue;
					const box: Rect = line.dir === 'h' ? [a, line.c, b, line.c] : [line.c, a, line.c, b];
					if (grid.hits(box)) continue;
					const last = kept[kept.length - 1];
					// lanes are local: one name per community; roads keep theirs along the whole line
					if (last && last.b === a && last.rank === p.rank && (p.rank > 1 || last.owner === p.owner))
						last.b = b;
					else kept.push({ a, b, rank: p.rank, owner: p.owner });
				}
			}
			for (const k of kept) {
				const nameKey = `${key}|${k.rank}|${k.rank === 1 ? k.owner : ''}`;
				let name = lineNames.get(nameKey);
				if (!name) lineNames.set(nameKey, (name = nameFor(k.rank)));
				if (line.dir === 'h') {
					let ends = reach.get(key);
					if (!ends) reach.set(key, (ends = []));
					ends.push({ x: k.b, name });
				}
				roads.push({
					id: roads.length + 1,
					name,
					class: BY_RANK[k.rank],
					bridge: false,
					line: [at(r7(k.a)), at(r7(k.b))].map(([x, y]) => [r7(x), r7(y)]) as Point[]
				});
			}
		}

		// bank roads and bridges
		opts.river.banks.forEach((bank, side) => {
			roads.push({
				id: roads.length + 1,
				name: RIVER_ROADS[side],
				class: 'primary',
				bridge: false,
				line: bank.map(([x, y]) => [r7(x), r7(y)])
			});
		});
		opts.bridgeLats.forEach((b, k) => {
			const xw = crossingAtLat(opts.river.banks[0], b.y);
			const xe = crossingAtLat(opts.river.banks[1], b.y);
			if (xw === null || xe === null || xe <= xw) return;
			// the arterial at this latitude, carried on east to the west bank where nothing is in the way
			const from = (reach.get(`${b.district}|h|${r7(b.y)}`) ?? [])
				.filter((e) => e.x < xw)
				.sort((p, q) => q.x - p.x)[0];
			const x0 = from?.x ?? b.fromX;
			if (x0 < xw && !grid.hits([x0, b.y, xw, b.y]))
				roads.push({
					id: roads.length + 1,
					name: from?.name ?? BRIDGE_NAMES[k % BRIDGE_NAMES.length],
					class: 'primary',
					bridge: false,
					line: [
						[r7(x0), r7(b.y)],
						[r7(xw), r7(b.y)]
					]
				});
			roads.push({
				id: roads.length + 1,
				name: BRIDGE_NAMES[k % BRIDGE_NAMES.length],
				class: 'primary',
				bridge: true,
				line: [
					[r7(xw), r7(b.y)],
					[r7(xe), r7(b.y)]
				]
			});
			// on the east bank, the road goes on inland for about 1.5 km
			const east = xe + 1500 / mPerDegLon(b.y);
			roads.push({
				id: roads.length + 1,
				name: `${BRIDGE_NAMES[k % BRIDGE_NAMES.length].replace(/大?桥$/, '')}东路`,
				class: 'primary',
				bridge: false,
				line: [
					[r7(xe), r7(b.y)],
					[r7(east), r7(b.y)]
				]
			});
		});
		return roads;
	}
}

/** A uniform grid over rectangles, for "does this box touch any of them". */
export class RectIndex {
	private cells = new Map<string, number[]>();
	private static SIZE = 0.004;
	constructor(private rects: Rect[]) {
		rects.forEach((r, i) => {
			for (const key of this.keys(r)) {
				let list = this.cells.get(key);
				if (!list) this.cells.set(key, (list = []));
				list.push(i);
			}
		});
	}
	private *keys(r: Rect) {
		const s = RectIndex.SIZE;
		for (let i = Math.floor(r[0] / s); i <= Math.floor(r[2] / s); i++)
			for (let j = Math.floor(r[1] / s); j <= Math.floor(r[3] / s); j++) yield `${i},${j}`;
	}
	/** Whether the closed box touches any rectangle. */
	hits(box: Rect): boolean {
		for (const key of this.keys(box))
			for (const i of this.cells.get(key) ?? []) {
				const r = this.rects[i];
				if (box[0] <= r[2] && box[2] >= r[0] && box[1] <= r[3] && box[3] >= r[1]) return true;
			}
		return false;
	}
}
