// GET /api/tiles/{layer}.json — TileJSON 3.0 of a layer; its tile URL carries the data version.
import { error } from '@sveltejs/kit';
import { isLayerId, LAYER_IDS } from '$lib/map/layer-ids';
import { answer } from '$lib/server/http';
import { tileJson } from '$lib/server/tiles/service';

export const GET = async ({ params, url, locals }) => {
	if (!isLayerId(params.layer))
		error(400, `layer: unknown layer "${params.layer}" (one of ${LAYER_IDS.join(', ')})`);
	const layer = params.layer;
	const res = await answer(() => tileJson(layer, locals.scope!, url.origin));
	res.headers.set('cache-control', 'private, no-cache');
	return res;
};
