// GET /api/tiles/{layer}.json — TileJSON 3.0 of a layer; its tile URL carries the data version.
import { error, json } from '@sveltejs/kit';
import { isLayerId, LAYER_IDS } from '$lib/map/layer-ids';
import { BASE_LAYER_ID } from '$lib/server/tiles/layers';
import { tileJson } from '$lib/server/tiles/service';

export const GET = async ({ params, url, locals }) => {
	const layer = params.layer;
	if (!isLayerId(layer) && layer !== BASE_LAYER_ID)
		error(400, `layer: unknown layer "${layer}" (one of ${[...LAYER_IDS, BASE_LAYER_ID].join(', ')})`);
	const body = await tileJson(layer, locals.scope!, url.origin);
	return json(body, { headers: { 'cache-control': 'private, no-cache' } });
};
