// GET /api/export/layers/{layer}?format=geojson|csv|gpkg|shp&area=ID&bbox= — a layer as a file, in
// the user's scope (tickets: only in scope, no personal data; none for planners).
import { parseLayer, parseQuery } from '$lib/server/http';
import { exportLayer, LayerExportQuery } from '$lib/server/export/service';
import { fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ params, url, locals }) => {
	const layer = parseLayer(params.layer);
	const q = parseQuery(LayerExportQuery, url);
	return fileAnswer(() => exportLayer(layer, q, locals.user!, locals.scope!));
};
