// GET /api/tiles/{layer}.json — TileJSON 3.0 of a layer (or of the base map); its tile URL carries the data version.
import { json } from '@sveltejs/kit';
import { answer, parseLayer } from '$lib/server/http';
import { BASE_LAYER_ID } from '$lib/server/tiles/layers';
import { tileJson } from '$lib/server/tiles/service';

export const GET = ({ params, url, locals }) =>
	answer(async () =>
		json(
			await tileJson(
				params.layer === BASE_LAYER_ID ? BASE_LAYER_ID : parseLayer(params.layer),
				locals.scope!,
				url.origin
			),
			{ headers: { 'cache-control': 'private, no-cache' } }
		)
	);
