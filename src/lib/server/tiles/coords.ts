// Validation of a tile request's layer and coordinates: pure, so that nothing is queried for a bad one.
// no import of ./layers (its SQL files): the tiles bench runs this under plain tsx
import { BASE_LAYER_ID, isLayerId, LAYER_IDS, type TileLayerId } from '$lib/map/layer-ids';

export const MAX_ZOOM = 22;

export interface TileAddress {
	layer: TileLayerId;
	z: number;
	x: number;
	y: number;
}

const INTEGER = /^(0|[1-9][0-9]{0,9})$/;

/** The tile address, or a message naming the bad part. */
export function parseTileAddress(raw: {
	layer: string;
	z: string;
	x: string;
	y: string;
}): { ok: true; tile: TileAddress } | { ok: false; message: string } {
	if (!isLayerId(raw.layer) && raw.layer !== BASE_LAYER_ID)
		return {
			ok: false,
			message: `layer: unknown layer "${raw.layer}" (one of ${[...LAYER_IDS, BASE_LAYER_ID].join(', ')})`
		};
	if (!INTEGER.test(raw.z) || Number(raw.z) > MAX_ZOOM)
		return { ok: false, message: `z: must be an integer from 0 to ${MAX_ZOOM}, got "${raw.z}"` };
	const z = Number(raw.z);
	const max = 2 ** z - 1;
	for (const k of ['x', 'y'] as const) {
		if (!INTEGER.test(raw[k]) || Number(raw[k]) > max)
			return {
				ok: false,
				message: `${k}: must be an integer from 0 to ${max} at zoom ${z}, got "${raw[k]}"`
			};
	}
	return { ok: true, tile: { layer: raw.layer as TileLayerId, z, x: Number(raw.x), y: Number(raw.y) } };
}

/**
 * The XYZ (Web Mercator) tile of zoom `z` that holds the point (`lon`, `lat`: WGS84 degrees), by the
 * slippy-map formula (OpenStreetMap wiki, "Slippy map tilenames"); a latitude beyond ±85.0511° gives a
 * `y` outside 0 … 2^z − 1.
 */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	return {
		z,
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
	};
}
