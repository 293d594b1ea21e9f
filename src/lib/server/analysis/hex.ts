// Hexagon bins on PostGIS's own grid (ST_HexagonGrid / ST_Hexagon in EPSG:3857, flat-topped, anchored
// at the projection's origin): a cell (i, j) is the same hexagon whatever the bbox, so bins are stable
// while the map pans. The SQL assigns points to cells arithmetically (density.sql); these functions are
// the same arithmetic in TypeScript, for the unit tests and the client.

const R = 6378137;
const SQRT3 = Math.sqrt(3);

/** lon/lat (degrees) → EPSG:3857 metres (spherical Web Mercator, as PostGIS computes it). */
export function mercator(lon: number, lat: number): [number, number] {
	const rad = Math.PI / 180;
	return [R * lon * rad, R * Math.log(Math.tan(Math.PI / 4 + (lat * rad) / 2))];
}

/** Centre of ST_Hexagon(size, i, j) in EPSG:3857. */
export function hexCenter(size: number, i: number, j: number): [number, number] {
	return [1.5 * size * i, SQRT3 * size * (j + 0.5 * (Math.abs(i) % 2))];
}

/**
 * The cell of ST_HexagonGrid(size) that contains (x, y): the nearest hexagon centre. A point's hexagon
 * lies in column floor(x / 1.5s) or the next one, and within a column it is the row nearest in y.
 */
export function hexCellOf(x: number, y: number, size: number): [number, number] {
	const ia = Math.floor(x / (1.5 * size));
	let best: [number, number] = [0, 0];
	let bestD = Infinity;
	for (const i of [ia, ia + 1]) {
		const j = Math.round(y / (SQRT3 * size) - 0.5 * (Math.abs(i) % 2)) || 0; // no -0
		const [cx, cy] = hexCenter(size, i, j);
		const d = (x - cx) ** 2 + (y - cy) ** 2;
		if (d < bestD) {
			bestD = d;
			best = [i, j];
		}
	}
	return best;
}

/** Metres of EPSG:3857 per screen pixel at zoom z (512-px tiles of MapLibre). */
const metresPerPixel = (zoom: number) => (2 * Math.PI * R) / (512 * 2 ** zoom);

/** Hexagon size (centre to corner, EPSG:3857 metres) for a zoom: about 24 px, snapped to whole zooms. */
export const sizeForZoom = (zoom: number) => Math.round(24 * metresPerPixel(Math.round(zoom)));

/** Ground metres of an EPSG:3857 length at a latitude (3857 stretches by 1 / cos(lat)). */
export const groundMetres = (mercatorMetres: number, lat: number) =>
	mercatorMetres * Math.cos((lat * Math.PI) / 180);
