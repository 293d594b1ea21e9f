// Which base-map tiles cover a zone: the standard web-mercator tile grid (the XYZ scheme MapLibre
// and /api/tiles use; formulas from the OpenStreetMap wiki "Slippy map tilenames").

/** [west, south, east, north] in degrees (WGS 84). */
export type Bbox = [number, number, number, number];

/** The x (column) of the tile holding a longitude at zoom z. */
export const lonToTileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);

/** The y (row, from the north) of the tile holding a latitude at zoom z. */
export function latToTileY(lat: number, z: number): number {
	const r = (lat * Math.PI) / 180;
	return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

/**
 * The tiles covering a bounding box at each zoom from `minZoom` to `maxZoom`, lowest zoom first
 * (so a budget cut keeps the overview), each zoom's tiles row by row.
 */
export function tilesForBbox(
	box: Bbox,
	minZoom: number,
	maxZoom: number
): { z: number; x: number; y: number }[] {
	const out: { z: number; x: number; y: number }[] = [];
	for (let z = minZoom; z <= maxZoom; z++) {
		const x0 = lonToTileX(box[0], z);
		const x1 = lonToTileX(box[2], z);
		const y0 = latToTileY(box[3], z); // north edge: the smaller row
		const y1 = latToTileY(box[1], z);
		for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push({ z, x, y });
	}
	return out;
}

/** A bounding box grown by `m` metres on every side (equirectangular, fine at zone scale). */
export function padBbox(box: Bbox, m: number): Bbox {
	const dLat = m / 111_320;
	const dLon = m / (111_320 * Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180));
	return [box[0] - dLon, box[1] - dLat, box[2] + dLon, box[3] + dLat];
}
