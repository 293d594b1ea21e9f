// Validation of a tile request's layer and coordinates: pure, so that nothing is queried for a bad one.
import { isLayerId, LAYER_IDS, type LayerId } from '$lib/map/layer-ids';

export const MAX_ZOOM = 22;

export interface TileAddress {
	layer: LayerId;
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
	if (!isLayerId(raw.layer))
		return { ok: false, message: `layer: unknown layer "${raw.layer}" (one of ${LAYER_IDS.join(', ')})` };
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
	return { ok: true, tile: { layer: raw.layer, z, x: Number(raw.x), y: Number(raw.y) } };
}
