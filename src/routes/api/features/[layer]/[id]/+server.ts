// GET /api/features/{layer}/{id} — one map feature's details for the side panel, in the user's scope.
import { error } from '@sveltejs/kit';
import { isLayerId, LAYER_IDS } from '$lib/map/layer-ids';
import { answer, parseId } from '$lib/server/http';
import { featureDetails } from '$lib/server/features/service';

export const GET = async ({ params, locals }) => {
	if (!isLayerId(params.layer))
		error(400, `layer: unknown layer "${params.layer}" (one of ${LAYER_IDS.join(', ')})`);
	const layer = params.layer;
	const id = parseId(params.id, 'id');
	return answer(() => featureDetails(layer, id, locals.scope!));
};
