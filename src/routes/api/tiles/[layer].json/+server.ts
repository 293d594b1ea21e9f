// GET /api/tiles/{layer}.json — TileJSON 3.0 of a layer; its tile URL carries the data version.
import { error, json } from '@sveltejs/kit';
import { isLayerId, LAYER_IDS } from '$lib/map/layer-ids';
import { tileJson } from '$lib/server/tiles/service';

export const GET = async ({ params, url, locals }) => {
	if (!isLayerId(params.layer))
		error(400, `layer: unknown layer "${params.layer}" (one of ${LAYER_IDS.join(', ')})`);
	const body = await tileJson(params.layer, locals.scope!, url.origin);
	return json(body, { headers: { 'cache-control': 'private, no-cache' } });
};
