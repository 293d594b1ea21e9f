// A compound's outline: its wall, drawn inside its slot. Real compounds are rarely the rectangle of
// their block: their corners follow the roads' bends, a corner is cut off by a shop or a car park,
// and a compound whose last row of buildings is short gives the corner beside that row to its
// neighbour (an L). The outline is drawn from the compound's own random stream (seeded by its id),
// so the rest of the city (and every fact the seed's tests read) is the same as with rectangles.
import { mulberry32 } from './random';
import { r7 } from './geometry';
import type { Point, Rect } from './rows';

export interface OutlineInput {
	/** The compound's slot minus its share of the lane (degrees: [west, south, east, north]). */
	rect: Rect;
	/** The rectangle that holds its buildings and paths; the outline always contains it. */
	inner: Rect;
	/**
	 * The empty corner beside a short last (northern) row, when there is one: the lowest latitude
	 * and the westernmost longitude that no building, path or gate reaches, up to the north-east
	 * corner of `rect`.
	 */
	freeNorthEast?: { x: number; y: number };
}

/** How far a corner may move into the margin between `rect` and `inner`, as a share of the margin. */
const CORNER_SHARE = 0.85;

/**
 * The outline of one compound: a closed ring (first point = last), counter-clockwise, in degrees,
 * lying in `rect` and containing `inner`.
 *
 * Shapes, drawn from `seed` (the compound's id and the city's seed):
 * - 25 %: the rectangle itself;
 * - 40 %: each corner moved into the margin independently (an irregular quadrilateral: every edge
 *   stays between `rect`'s and `inner`'s edge on its side, because both its ends do);
 * - 35 %: one to three corners cut off (chamfered) inside the margin;
 * - and, when `freeNorthEast` is given, an L in 70 % of cases: the empty north-east corner is left out.
 */
export function compoundOutline(input: OutlineInput, seed: number): Point[] {
	const { rect, inner } = input;
	const random = mulberry32(seed >>> 0);
	const mx = [inner[0] - rect[0], rect[2] - inner[2]]; // west, east margins
	const my = [inner[1] - rect[1], rect[3] - inner[3]]; // south, north margins
	const kind = random();
	// corners SW, SE, NE, NW as [x, y] moved inward by up to CORNER_SHARE of the margins
	const corner = (k: number, dx: number, dy: number): Point => {
		const east = k === 1 || k === 2;
		const north = k >= 2;
		return [
			east ? rect[2] - dx * mx[1] : rect[0] + dx * mx[0],
			north ? rect[3] - dy * my[1] : rect[1] + dy * my[0]
		];
	};
	const ring: Point[] = [];
	const notch = input.freeNorthEast && random() < 0.7 ? input.freeNorthEast : null;
	for (let k = 0; k < 4; k++) {
		const u = random() * CORNER_SHARE;
		const v = random() * CORNER_SHARE;
		const cut = random() < 0.5;
		if (k === 2 && notch) {
			// the L: up the east edge to the notch, west along its foot, up to the north edge
			ring.push([rect[2], notch.y], [notch.x, notch.y], [notch.x, rect[3]]);
			continue;
		}
		if (kind < 0.25) ring.push(corner(k, 0, 0));
		else if (kind < 0.65) ring.push(corner(k, u, v));
		else if (cut || (k === 0 && notch === null)) {
			// a chamfer: two points, one on each edge of the corner (order kept counter-clockwise)
			const a = corner(k, 0, v);
			const b = corner(k, u, 0);
			ring.push(...(k % 2 === 0 ? [a, b] : [b, a]));
		} else ring.push(corner(k, 0, 0));
	}
	// a moved or cut SE or NW corner next to the notch is still fine: the edges from it to the
	// notch run between `rect`'s and `inner`'s edges on their side
	const out = ring.map(([x, y]) => [r7(x), r7(y)] as Point);
	out.push(out[0]);
	return out;
}

/**
 * Where the line `axis = value` crosses the ring: the lowest and highest crossing on the other
 * axis (axis 0: a vertical line x = value, answer in latitudes; 1: a horizontal line, longitudes).
 * Null when the line misses the ring. For the outlines above every such line that meets the
 * ring crosses it in one interval, so [low, high] is the ring's extent along that line.
 */
export function chordAt(ring: Point[], axis: 0 | 1, value: number): [number, number] | null {
	const other = axis === 0 ? 1 : 0;
	let low = Infinity;
	let high = -Infinity;
	for (let k = 1; k < ring.length; k++) {
		const a = ring[k - 1];
		const b = ring[k];
		const lo = Math.min(a[axis], b[axis]);
		const hi = Math.max(a[axis], b[axis]);
		if (value < lo || value > hi) continue;
		const t = a[axis] === b[axis] ? 0 : (value - a[axis]) / (b[axis] - a[axis]);
		const at = a[other] + t * (b[other] - a[other]);
		const ends = a[axis] === b[axis] ? [a[other], b[other]] : [at];
		for (const e of ends) {
			low = Math.min(low, e);
			high = Math.max(high, e);
		}
	}
	return low <= high ? [low, high] : null;
}
