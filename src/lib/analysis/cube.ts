// The playback cube: ticket counts by hexagon cell × day × category for one window, one zoom band and
// one status filter, loaded once (GET /api/analysis/cube) so that the time slider, the play button and
// the category filter re-aggregate in the browser instead of asking the server for every step.
//
// Wire format (binary, little-endian; `application/vnd.redgrid.cube`), written by encodeCube() on the
// server and read by decodeCube() here:
//   uint32 header length H, H bytes of UTF-8 JSON (CubeHeader), zero padding to a multiple of 4, then
//   Int32  cellI[cells], cellJ[cells]      the cells' ST_HexagonGrid indices (i, j)
//   Uint32 dayStart[days + 1]              entries of day d are dayStart[d] … dayStart[d + 1] − 1
//   Uint32 entryCell[entries]              index into the cells
//   Uint16 entryCount[entries], entryOverdue[entries]
//   Uint8  entryCategory[entries]          index into header.categories
// An entry is one (cell, day, category) with at least one ticket; entries are sorted by day, so a step
// of the slider reads only the entries of its days.

/** The JSON header of a cube. */
export interface CubeHeader {
	/** hexagon size (centre to corner) in EPSG:3857 metres, as GET /api/analysis/density's `size` */
	size: number;
	/** the zoom band the size was chosen for */
	zoom: number;
	/** first day (YYYY-MM-DD, Beijing date) and the day after the last */
	from: string;
	to: string;
	days: number;
	/** statuses the tickets were filtered by (none: all) */
	status: string[] | null;
	categories: string[];
	cells: number;
	entries: number;
}

/** A decoded cube: the header's fields and the columns. */
export interface Cube extends CubeHeader {
	cellI: Int32Array;
	cellJ: Int32Array;
	dayStart: Uint32Array;
	entryCell: Uint32Array;
	entryCount: Uint16Array;
	entryOverdue: Uint16Array;
	entryCategory: Uint8Array;
}

/** One row of the cube's SQL: a cell, a day index (0 = header.from), a category and its counts. */
export interface CubeRow {
	i: number;
	j: number;
	day: number;
	category: string;
	count: number;
	overdue: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * Encodes rows into the wire format. `rows` need not be sorted; `categories` is the full list of
 * category codes (a row's category must be in it). Counts above 65,535 in one (cell, day, category)
 * throw a RangeError (the format's limit; a hexagon never gets that many tickets in a day).
 */
export function encodeCube(
	h: Omit<CubeHeader, 'cells' | 'entries' | 'categories'>,
	categories: readonly string[],
	rows: readonly CubeRow[]
): Uint8Array<ArrayBuffer> {
	const catIndex = new Map(categories.map((c, k) => [c, k]));
	const cellIndex = new Map<string, number>();
	const cellI: number[] = [];
	const cellJ: number[] = [];
	const sorted = [...rows].sort((a, b) => a.day - b.day);
	const n = sorted.length;
	const entryCell = new Uint32Array(n);
	const entryCount = new Uint16Array(n);
	const entryOverdue = new Uint16Array(n);
	const entryCategory = new Uint8Array(n);
	const dayStart = new Uint32Array(h.days + 1);
	sorted.forEach((r, k) => {
		if (r.day < 0 || r.day >= h.days) throw new RangeError(`day ${r.day} outside 0…${h.days - 1}`);
		if (r.count > 0xffff || r.overdue > 0xffff) throw new RangeError('count over 65535 in one cube entry');
		const key = `${r.i},${r.j}`;
		let c = cellIndex.get(key);
		if (c === undefined) {
			c = cellI.length;
			cellIndex.set(key, c);
			cellI.push(r.i);
			cellJ.push(r.j);
		}
		const cat = catIndex.get(r.category);
		if (cat === undefined) throw new RangeError(`unknown category ${r.category}`);
		entryCell[k] = c;
		entryCount[k] = r.count;
		entryOverdue[k] = r.overdue;
		entryCategory[k] = cat;
		dayStart[r.day + 1]++;
	});
	for (let d = 1; d <= h.days; d++) dayStart[d] += dayStart[d - 1];
	const header: CubeHeader = { ...h, categories: [...categories], cells: cellI.length, entries: n };
	const json = new TextEncoder().encode(JSON.stringify(header));
	const start = pad4(4 + json.length);
	const cells = cellI.length;
	const total = start + cells * 8 + (h.days + 1) * 4 + n * 4 + n * 2 * 2 + n;
	const out = new Uint8Array(total);
	const view = new DataView(out.buffer);
	view.setUint32(0, json.length, true);
	out.set(json, 4);
	let o = start;
	const put32 = (xs: ArrayLike<number>, signed: boolean) => {
		for (let k = 0; k < xs.length; k++, o += 4)
			if (signed) view.setInt32(o, xs[k], true);
			else view.setUint32(o, xs[k], true);
	};
	put32(cellI, true);
	put32(cellJ, true);
	put32(dayStart, false);
	put32(entryCell, false);
	for (const xs of [entryCount, entryOverdue])
		for (let k = 0; k < n; k++, o += 2) view.setUint16(o, xs[k], true);
	out.set(entryCategory, o);
	return out;
}

/** Reads the wire format (see the top of this file); throws a RangeError on a truncated buffer. */
export function decodeCube(buf: ArrayBuffer): Cube {
	const view = new DataView(buf);
	const hl = view.getUint32(0, true);
	const h = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, hl))) as CubeHeader;
	let o = pad4(4 + hl);
	const need = o + h.cells * 8 + (h.days + 1) * 4 + h.entries * 9;
	if (buf.byteLength < need) throw new RangeError(`cube truncated: ${buf.byteLength} of ${need} bytes`);
	// little-endian typed arrays over the buffer (every browser RedGrid runs on is little-endian)
	const take = <T>(make: (b: ArrayBuffer, off: number, len: number) => T, len: number, bytes: number) => {
		const t = make(buf, o, len);
		o += len * bytes;
		return t;
	};
	const i32 = (b: ArrayBuffer, off: number, len: number) => new Int32Array(b, off, len);
	const u32 = (b: ArrayBuffer, off: number, len: number) => new Uint32Array(b, off, len);
	const u16 = (b: ArrayBuffer, off: number, len: number) => new Uint16Array(b, off, len);
	return {
		...h,
		cellI: take(i32, h.cells, 4),
		cellJ: take(i32, h.cells, 4),
		dayStart: take(u32, h.days + 1, 4),
		entryCell: take(u32, h.entries, 4),
		entryCount: take(u16, h.entries, 2),
		entryOverdue: take(u16, h.entries, 2),
		entryCategory: new Uint8Array(buf, o, h.entries)
	};
}

/** Per-cell sums of one step: counts[c] and overdue[c] for cell c, their total and non-empty cells. */
export interface Frame {
	counts: Uint32Array;
	overdue: Uint32Array;
	total: number;
	/** cells with at least one ticket (GET /api/analysis/density's `cells.length`) */
	cells: number;
}

const DAY = 86_400_000;
/** Days from a cube's first day to a date (YYYY-MM-DD); both are calendar dates, so no time zone. */
export const dayIndex = (cube: Pick<CubeHeader, 'from'>, date: string) =>
	Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${cube.from}T00:00:00Z`)) / DAY);

/**
 * Sums the cube over the days [from, to) (dates, clamped to the cube) and the given categories (none
 * or empty: all): what GET /api/analysis/density answers for the same window, categories, status and
 * size, cell by cell. `into` reuses a frame's arrays (they are zeroed first). O(entries of the days).
 */
export function aggregate(
	cube: Cube,
	window: { from: string; to: string },
	categories?: readonly string[] | null,
	into?: Frame
): Frame {
	const counts = into?.counts.length === cube.cells ? into.counts.fill(0) : new Uint32Array(cube.cells);
	const overdue = into?.overdue.length === cube.cells ? into.overdue.fill(0) : new Uint32Array(cube.cells);
	let mask = 0xffffffff;
	if (categories?.length) {
		mask = 0;
		for (const c of categories) {
			const k = cube.categories.indexOf(c);
			if (k >= 0) mask |= 1 << k;
		}
	}
	const d0 = Math.max(0, dayIndex(cube, window.from));
	const d1 = Math.min(cube.days, dayIndex(cube, window.to));
	let total = 0;
	let cells = 0;
	if (d1 > d0)
		for (let e = cube.dayStart[d0], end = cube.dayStart[d1]; e < end; e++) {
			if (!(mask & (1 << cube.entryCategory[e]))) continue;
			const c = cube.entryCell[e];
			if (counts[c] === 0) cells++;
			counts[c] += cube.entryCount[e];
			overdue[c] += cube.entryOverdue[e];
			total += cube.entryCount[e];
		}
	return { counts, overdue, total, cells };
}

const R = 6378137;
const SQRT3 = Math.sqrt(3);

/**
 * The ring of ST_Hexagon(size, i, j) (EPSG:3857, flat-topped, anchored at the origin) in lon/lat
 * degrees, closed, starting at the east corner and going counter-clockwise (PostGIS starts at the
 * west corner; the polygon is the same).
 */
export function hexRing(size: number, i: number, j: number): [number, number][] {
	const cx = 1.5 * size * i;
	const cy = SQRT3 * size * (j + 0.5 * (Math.abs(i) % 2));
	const ring: [number, number][] = [];
	for (let k = 0; k <= 6; k++) {
		const a = ((k % 6) * Math.PI) / 3;
		const x = cx + size * Math.cos(a);
		const y = cy + size * Math.sin(a);
		ring.push([((x / R) * 180) / Math.PI, ((2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180) / Math.PI]);
	}
	return ring;
}

/** Zoom bands of the cube: one hexagon size per whole zoom, from 8 (city) to 14 (a few blocks; at 15 half a year of a scale-40 city passes 5 MB). */
export const CUBE_ZOOMS = { min: 8, max: 14 } as const;
/** The zoom band of a map zoom. */
export const cubeZoom = (zoom: number) =>
	Math.min(CUBE_ZOOMS.max, Math.max(CUBE_ZOOMS.min, Math.round(zoom)));
