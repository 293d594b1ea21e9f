// GET /api/export/layers/{layer}?format=geojson|csv|gpkg|shp&area=ID&bbox= — a layer as a file, in
// the user's scope (tickets: only in scope, no personal data; none for planners).
import { error } from '@sveltejs/kit';
import { isLayerId, LAYER_IDS } from '$lib/map/layer-ids';
import { parseQuery } from '$lib/server/http';
import { exportLayer, LayerExportQuery } from '$lib/server/export/service';
import { fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ params, url, locals }) => {
	if (!isLayerId(params.layer))
		error(400, `layer: unknown layer "${params.layer}" (one of ${LAYER_IDS.join(', ')})`);
	const layer = params.layer;
	const q = parseQuery(LayerExportQuery, url);
	return fileAnswer(() => exportLayer(layer, q, locals.user!, locals.scope!));
};
