// The layout of one community: compounds in stripes, buildings in rows facing south, grid cells.
import * as turf from '@turf/turf';
import { clipRect, inset, r7, rectMeters, rectMulti, rectRing } from './geometry';
import type { CommunityModel, CompoundModel, Model, Stripe } from './model';
import { COMMUNITY_WORDS, compoundName } from './names';
import { chordAt, compoundOutline } from './outline';
import type { RoadLattice } from './roads';
import type { Random } from './random';
import { cleanMulti, type MultiPolygonCoords } from './districts';
import type { CompoundRow, LanduseRow, PersonRow, Point, Rect } from './rows';

/**
 * A point in a compound's margin: the band between its wall (its outline) and the rectangle of its
 * buildings, south or north, never west of the spine's band (so a facility's spur to the spine stays
 * inside the wall). Draws the same three numbers whatever the outline, so the city around is the
 * same; for a rectangular compound the point is exactly where it was before outlines. The point is
 * in the plan's coordinates (before the city's warp, warp.ts), as the compound's `rect` and `inner`.
 */
export function marginPoint(rng: Random, cm: CompoundModel): Point {
	const r = cm.row.rect;
	const band = cm.inner[1] - r[1];
	const south = rng.chance(0.5);
	const s = rng.uniform(0.15, 0.85);
	const t = rng.uniform(0.05, 0.95);
	const ring = cm.planRing ?? cm.row.ring;
	if (isRectRing(ring, r))
		return [r[0] + (r[2] - r[0]) * t, south ? r[1] + band * s : cm.inner[3] + band * s];
	const edgeY = south ? cm.inner[1] : cm.inner[3];
	const [xl, xr] = chordAt(ring, 1, edgeY)!;
	const x = xl + (xr - xl) * t;
	const here = chordAt(ring, 0, x)!;
	const atSpine = chordAt(ring, 0, cm.spineX ?? x) ?? here;
	if (south) {
		const bottom = Math.max(here[0], atSpine[0]);
		return [x, bottom + (cm.inner[1] - bottom) * s];
	}
	const top = Math.min(here[1], atSpine[1]);
	return [x, cm.inner[3] + (top - cm.inner[3]) * s];
}

const isRectRing = (ring: Point[], r: Rect) =>
	ring.length === 5 &&
	ring[0][0] === r[0] &&
	ring[0][1] === r[1] &&
	ring[2][0] === r[2] &&
	ring[2][1] === r[3];

export interface LayoutHelpers {
	usedCompoundNames: Set<string>;
	addPerson: (kind: PersonRow['kind'], area: number | null, company?: number | null) => number;
	companyFor: (districtIdx: number) => number | null;
	address: string;
	/** Collects the lanes between compounds and the compounds that roads keep clear of. */
	lattice: RoadLattice;
	/** A school, park or hospital in place of a compound. */
	addLanduse: (kind: LanduseRow['kind'], name: string, rect: Rect) => void;
	/** A footway of a compound (its paths, unnamed; its gates, named): added to the roads after the lattice's. */
	addFootway: (name: string | null, line: Point[]) => void;
	/** The city's seed: each compound's outline is drawn from it and the compound's id (outline.ts). */
	seed: number;
	/**
	 * The built-up area (urban-edge.ts), absent: everywhere. A compound's slot is built when its centre
	 * is `inside` it, or when it holds the `anchor` (a point of the community inside it, so that a
	 * community always has a compound); the rest of the community is left to fields. Plan coordinates.
	 */
	builtUp?: { inside: (p: Point) => boolean; anchor: Point };
}

/** How far a row's path runs in front of its buildings, metres. */
const PATH_GAP_M = 5;
/** How far a gate runs on past the compound's slot edge (the lane or road there), metres: it crosses it. */
const GATE_OVERSHOOT_M = 1;

/**
 * A facility's own path: from its point in a compound's margin (marginPoint: the band between the
 * compound's edge and its buildings, south or north) straight west or east to the gate on that side,
 * which crosses the band along the spine. No building stands in the band.
 */
export function facilitySpur(cm: CompoundModel, point: Point): Point[] | null {
	if (cm.spineX === undefined || point[0] === cm.spineX) return null;
	return [
		[r7(cm.spineX), point[1]],
		[point[0], point[1]]
	];
}

/**
 * A compound's footways (the gates last), from its geometry alone (no random draw, so the rest of the city is as
 * before): a path along the south face of each row of buildings (buildings face south), a spine on the
 * west joining them, and two gates, the spine carried south and north across the compound's edge to
 * the lane or road of its slot (a compound is walled: entered only through its gates). Clear of every
 * building: the row paths run 5 m in front of each row (at most half the gap between rows: the
 * buildings stand from 0.28 to 0.72 of a row's height), the spine in the west margin of the first
 * column (0.06 of a column's width; buildings from 0.12).
 */
export function compoundFootways(
	name: string,
	slot: Rect,
	inner: Rect,
	rows: number,
	cols: number
): { name: string | null; line: Point[] }[] {
	const bw = (inner[2] - inner[0]) / cols;
	const bh = (inner[3] - inner[1]) / rows;
	const x = r7(inner[0] + bw * 0.06);
	const xEnd = r7(inner[2] - bw * 0.06);
	// a path in front of each row: 5 m south of its buildings (less in a tight compound)
	const gap = Math.min(bh * 0.14, PATH_GAP_M / 110_574);
	const ys = Array.from({ length: rows }, (_, r) => r7(inner[1] + r * bh + bh * 0.28 - gap));
	const over = GATE_OVERSHOOT_M / 110_574;
	const out: { name: string | null; line: Point[] }[] = ys.map((y) => ({
		name: null,
		line: [
			[x, y],
			[xEnd, y]
		]
	}));
	if (rows > 1)
		out.push({
			name: null,
			line: [
				[x, ys[0]],
				[x, ys[rows - 1]]
			]
		});
	out.push({
		name: `${name}南门`,
		line: [
			[x, ys[0]],
			[x, r7(slot[1] - over)]
		]
	});
	out.push({
		name: `${name}北门`,
		line: [
			[x, ys[rows - 1]],
			[x, r7(slot[3] + over)]
		]
	});
	return out;
}

/** The odds that a slot of a 吉州区 community (not its first) is a school, park or hospital instead of a compound. */
const LANDUSE_ODDS = 0.1;
const LANDUSE_KINDS: LanduseRow['kind'][] = ['school', 'school', 'park', 'park', 'hospital'];

function landuseName(rng: Random, kind: LanduseRow['kind'], used: Set<string>): string {
	const word = rng.pick(COMMUNITY_WORDS);
	const name =
		kind === 'school'
			? `吉安市${word}${rng.pick(['小学', '中学', '实验学校'])}`
			: kind === 'park'
				? `${word}公园`
				: `吉安市${word}${rng.pick(['医院', '中医院', '妇幼保健院'])}`;
	let unique = name;
	for (let n = 2; used.has(unique); n++) unique = name.replace(word, `${word}${n}`);
	used.add(unique);
	return unique;
}

function buildingsFor(
	rng: Random,
	households: number,
	year: number
): { floors: number; households: number }[] {
	const out: { floors: number; households: number }[] = [];
	let sum = 0;
	while (sum < households) {
		let floors: number;
		let perFloor: number;
		if (year < 1995) {
			floors = rng.int(4, 6);
			perFloor = rng.int(2, 3) * 2;
		} else if (year < 2010) {
			const u = rng.next();
			floors = u < 0.05 ? rng.int(2, 3) : u < 0.8 ? rng.int(6, 7) : 11;
			perFloor = rng.int(2, 4) * 2;
		} else {
			const u = rng.next();
			floors = u < 0.6 ? rng.int(18, 33) : u < 0.9 ? 11 : 6;
			perFloor = 2 * rng.int(2, 3);
		}
		const hh = floors * perFloor;
		out.push({ floors, households: hh });
		sum += hh;
	}
	out[out.length - 1].households -= sum - households;
	return out;
}

export function layoutCommunity(
	model: Model,
	rng: Random,
	community: CommunityModel,
	rect: Rect,
	clip: { geom: MultiPolygonCoords; clipped: boolean },
	districtIdx: number,
	jizhou: boolean,
	special: 'chengjian' | 'yangming' | null,
	h: LayoutHelpers
) {
	const { base } = model;
	const row = community.row;
	// 吉州区's communities are denser: more, smaller compounds with lanes between them
	const K = jizhou ? rng.int(3, 5) : rng.int(2, 4);
	const target = rng.int(1200, 4800);
	const [cwm, chm] = rectMeters(rect);
	const aspect = chm / (cwm / K);
	const stacks = Array.from({ length: K }, () =>
		Math.min(
			jizhou ? 5 : 4,
			Math.max(1, Math.round(aspect * rng.uniform(jizhou ? 0.8 : 0.55, jizhou ? 1.3 : 1)))
		)
	);
	const nC = stacks.reduce((a, b) => a + b, 0);
	let poly = clip.clipped ? turf.multiPolygon(clip.geom) : null;
	for (let c = 0; c < 6; c++) community.committee.push(h.addPerson('committee_member', row.id));
	const overloaded = rng.chance(0.07);
	// this community's grid cells are the ones appended from here on (numbered from 1 within it)
	const firstCell = base.grid_cells.length;
	const w = (rect[2] - rect[0]) / K;
	const stripeX = (s: number): [number, number] => [
		s === 0 ? rect[0] : r7(rect[0] + s * w),
		s === K - 1 ? rect[2] : r7(rect[0] + (s + 1) * w)
	];
	const slotOf = (s: number, q: number): Rect => {
		const sh = (rect[3] - rect[1]) / stacks[s];
		const [x0, x1] = stripeX(s);
		return [x0, r7(rect[1] + q * sh), x1, q === stacks[s] - 1 ? rect[3] : r7(rect[1] + (q + 1) * sh)];
	};
	// which slots are built (no random draw: the draws below are the same whatever the edge)
	const bu = h.builtUp;
	const isBuilt = (r: Rect) =>
		!bu ||
		bu.inside([(r[0] + r[2]) / 2, (r[1] + r[3]) / 2]) ||
		(r[0] <= bu.anchor[0] && bu.anchor[0] <= r[2] && r[1] <= bu.anchor[1] && bu.anchor[1] <= r[3]);
	/** whether a slot's compound fits in the community's land (a river or district edge may clip it) */
	const fits = (s: number, q: number) =>
		!poly || clipRect(inset(slotOf(s, q), 0.1, 0.08), poly, 0.999999)?.clipped === false;
	let built = stacks.map((m, s) => Array.from({ length: m }, (_, q) => isBuilt(slotOf(s, q))));
	// a community whose built slots all fall off its land (the edge and a clipped border meeting)
	// is laid out whole instead, so that it has a compound
	if (!built.some((col, s) => col.some((b, q) => b && fits(s, q))))
		built = stacks.map((m) => Array.from({ length: m }, () => true));
	const whole = built.every((col) => col.every(Boolean));
	if (whole) h.lattice.rect(rect, 'secondary', districtIdx);
	else {
		// at the built-up edge the community is its built part only: in each stripe from its first
		// built slot to its last; axis-aligned, as the plan is, so the warp keeps it tiled by its cells
		// (a part that would come apart, or meet the rest at a corner only, keeps the whole rectangle)
		const parts = built.flatMap((col, s) => {
			const [first, last] = [col.indexOf(true), col.lastIndexOf(true)];
			if (first < 0) return [];
			const [x0, x1] = stripeX(s);
			return [turf.polygon([rectRing([x0, slotOf(s, first)[1], x1, slotOf(s, last)[3]])])];
		});
		const union = parts.length === 1 ? parts[0] : turf.union(turf.featureCollection(parts));
		const part = union && poly ? turf.intersect(turf.featureCollection([union, poly])) : union;
		if (part?.geometry.type === 'Polygon') {
			row.geom = cleanMulti([part.geometry.coordinates]);
			poly = turf.multiPolygon(row.geom);
		}
		// the secondary road runs around what is built (its east-west and north-south edges: a river
		// or district edge has its own roads), not around the plan's rectangle through the fields
		const ring = row.geom[0][0] as Point[];
		for (let k = 1; k < ring.length; k++) {
			const [a, b] = [ring[k - 1], ring[k]];
			if (a[1] === b[1]) h.lattice.horizontal(a[1], a[0], b[0], 'secondary', districtIdx);
			else if (a[0] === b[0]) h.lattice.vertical(a[0], a[1], b[1], 'secondary', districtIdx);
		}
	}
	// a lane between two stripes, once along each run of slots built on either side of it (the
	// community's whole height when it is built whole)
	for (let s = 1; s < K; s++) {
		const spans = [s - 1, s]
			.flatMap((t) => built[t].flatMap((b, q) => (b ? [slotOf(t, q)] : [])))
			.map((r): [number, number] => [r[1], r[3]])
			.sort((p, q) => p[0] - q[0]);
		const runs: [number, number][] = [];
		for (const [y0, y1] of spans)
			if (runs.length && y0 <= runs[runs.length - 1][1])
				runs[runs.length - 1][1] = Math.max(runs[runs.length - 1][1], y1);
			else runs.push([y0, y1]);
		for (const [y0, y1] of runs) h.lattice.vertical(stripeX(s)[0], y0, y1, 'residential', districtIdx);
	}
	let compoundNo = 0;
	/** a compound is laid already: the first built slot is always a compound, never land use */
	let laid = false;
	for (let s = 0; s < K; s++) {
		const [x0, x1] = stripeX(s);
		const stripe: Stripe = { x0, x1, cuts: [] };
		const rows: { y0: number; y1: number; hh: number; buildings: number[] }[] = [];
		const m = stacks[s];
		for (let q = 0; q < m; q++) {
			const slot = slotOf(s, q);
			// the lane south of the slot, where a slot on either side of it is built
			if (q > 0 && (built[s][q] || built[s][q - 1]))
				h.lattice.horizontal(slot[1], x0, x1, 'residential', districtIdx);
			if (!built[s][q] || !fits(s, q)) continue;
			const cRect = inset(slot, 0.1, 0.08);
			const first = !laid;
			laid = true;
			if (!first && jizhou && rng.chance(LANDUSE_ODDS)) {
				const kind = rng.pick(LANDUSE_KINDS);
				h.addLanduse(kind, landuseName(rng, kind, h.usedCompoundNames), cRect);
				continue;
			}
			h.lattice.compound(cRect);
			const named =
				first && special === 'chengjian' ? '城建花苑' : first && special === 'yangming' ? '阳明花园' : null;
			const hh =
				named === '城建花苑'
					? 1016
					: named === '阳明花园'
						? 1714
						: Math.max(60, Math.round((target / nC) * rng.uniform(0.6, 1.4)));
			const year = named === '城建花苑' ? 1998 : named === '阳明花园' ? 2006 : rng.int(1985, 2022);
			const name = named ?? compoundName(rng, h.usedCompoundNames);
			if (named) h.usedCompoundNames.add(named);
			const companyId =
				named === '城建花苑' ? 1 : named ? (h.companyFor(districtIdx) ?? 2) : h.companyFor(districtIdx);
			const population = named === '阳明花园' ? 5400 : Math.round(hh * rng.uniform(2.6, 3.2));
			compoundNo++;
			const cRow: CompoundRow = {
				id: base.compounds.length + 1,
				code: `${row.code}${String(compoundNo).padStart(3, '0')}`,
				name,
				address: `${h.address}${name}`,
				community_id: row.id,
				district_id: community.districtId,
				company_id: companyId,
				households: hh,
				population,
				year_built: year,
				rect: cRect,
				ring: rectRing(cRect) as Point[]
			};
			base.compounds.push(cRow);
			const inner = inset(cRect, 0.1, 0.12);
			const cm: CompoundModel = {
				row: cRow,
				districtIdx,
				stripe,
				inner,
				buildings: [],
				jizhou,
				communityIdx: model.communities.length - 1
			};
			const ci = model.compounds.length;
			model.compounds.push(cm);
			community.compounds.push(ci);
			if (named === '城建花苑') model.chengjian = ci;
			row.households += hh;
			row.population += population;

			// buildings on a grid inside the inner rectangle
			const specs = buildingsFor(rng, hh, year);
			const [iwm, ihm] = rectMeters(inner);
			const cols = Math.max(1, Math.round(Math.sqrt((specs.length * iwm) / ihm / 1.5)));
			const brows = Math.ceil(specs.length / cols);
			const bw = (inner[2] - inner[0]) / cols;
			const bh = (inner[3] - inner[1]) / brows;
			for (let r = 0; r < brows; r++) {
				const y0 = r7(inner[1] + r * bh + bh * 0.28);
				const y1 = r7(inner[1] + r * bh + bh * 0.72);
				const rowInfo = { y0, y1, hh: 0, buildings: [] as number[] };
				for (let c = 0; c < cols; c++) {
					const k = r * cols + c;
					if (k >= specs.length) break;
					const b = specs[k];
					const id = base.buildings.length + 1;
					const bRect: Rect = [r7(inner[0] + c * bw + bw * 0.12), y0, r7(inner[0] + c * bw + bw * 0.88), y1];
					base.buildings.push({
						id,
						code: `${cRow.code}-${k + 1}`,
						compound_id: cRow.id,
						district_id: community.districtId,
						number: `${k + 1}栋`,
						floors: b.floors,
						households: b.households,
						steward_id: null,
						rect: bRect,
						ring: rectRing(bRect) as Point[]
					});
					cm.buildings.push(id);
					rowInfo.hh += b.households;
					rowInfo.buildings.push(id);
				}
				rows.push(rowInfo);
			}
			// the wall: the empty corner beside a short last row (east of its last building, north of
			// the row's path) may be left out of it
			const lastRow = specs.length - (brows - 1) * cols;
			const pathGap = Math.min(bh * 0.14, PATH_GAP_M / 110_574);
			const lastY0 = inner[1] + (brows - 1) * bh + bh * 0.28;
			cRow.ring = compoundOutline(
				{
					rect: cRect,
					inner,
					freeNorthEast: lastRow < cols ? { x: inner[0] + lastRow * bw, y: lastY0 - pathGap / 2 } : undefined
				},
				(h.seed * 0x9e3779b1) ^ cRow.id
			);
			const footways = compoundFootways(name, slot, inner, brows, cols);
			for (const f of footways) h.addFootway(f.name, f.line);
			// the gates run along the spine: a facility in the compound's margin is joined to them (generate.ts)
			cm.spineX = footways[footways.length - 1].line[0][0];
			// stewards: one per 2-5 buildings, some groups without one
			for (let k = 0; k < cm.buildings.length;) {
				const size = rng.int(2, 5);
				const steward =
					rng.chance(0.9) || (named === '城建花苑' && k === 0) ? h.addPerson('steward', row.id) : null;
				for (let j = k; j < Math.min(k + size, cm.buildings.length); j++)
					base.buildings[cm.buildings[j] - 1].steward_id = steward;
				k += size;
			}
		}
		// grid cells: cut the stripe at gaps between building rows, about 300-500 households each
		rows.sort((a, b) => a.y0 - b.y0);
		const cutYs: number[] = [];
		const groups: number[][] = [[]];
		const nextTarget = () => (overloaded ? rng.int(700, 1000) : rng.int(300, 500));
		let goal = nextTarget();
		let acc = 0;
		rows.forEach((rw, k) => {
			acc += rw.hh;
			groups[groups.length - 1].push(...rw.buildings);
			if (acc >= goal && k < rows.length - 1) {
				cutYs.push(r7((rw.y1 + rows[k + 1].y0) / 2));
				groups.push([]);
				acc = 0;
				goal = nextTarget();
			}
		});
		if (cutYs.length && acc < 150) {
			cutYs.pop();
			const last = groups.pop()!;
			groups[groups.length - 1].push(...last);
		}
		const ys = [rect[1], ...cutYs, rect[3]];
		for (let k = 0; k < ys.length - 1; k++) {
			const cellRect: Rect = [x0, ys[k], x1, ys[k + 1]];
			const geom = poly ? (clipRect(cellRect, poly, 0)?.geom ?? null) : rectMulti(cellRect);
			let cellId: number | null = null;
			if (geom) {
				cellId = base.grid_cells.length + 1;
				const no = base.grid_cells.length - firstCell + 1;
				base.grid_cells.push({
					id: cellId,
					code: `${row.code}${String(no).padStart(2, '0')}`,
					name: `${row.name}第${no}网格`,
					community_id: row.id,
					district_id: community.districtId,
					worker_id: null,
					geom
				});
			}
			stripe.cuts.push({ y0: ys[k], y1: ys[k + 1], cell: cellId });
			for (const b of groups[k] ?? []) model.buildingCell[b - 1] = cellId;
		}
	}
	// grid workers: one each, a few cells without; 城建花苑's cells share one worker
	const cells = base.grid_cells.slice(firstCell);
	let chengjianWorker: number | null = null;
	const cjCells = new Set<number>();
	if (special === 'chengjian' && model.chengjian >= 0) {
		const cj = model.compounds[model.chengjian];
		for (const cut of cj.stripe.cuts)
			if (cut.cell && cut.y1 > cj.row.rect[1] && cut.y0 < cj.row.rect[3]) cjCells.add(cut.cell);
	}
	for (const cell of cells) {
		if (cjCells.has(cell.id)) {
			chengjianWorker ??= h.addPerson('grid_worker', row.id);
			cell.worker_id = chengjianWorker;
		} else {
			cell.worker_id = rng.chance(0.95) ? h.addPerson('grid_worker', row.id) : null;
		}
		model.cellWorker.set(cell.id, cell.worker_id);
	}
}
