// GET /ogc/collections/{collectionId}/items/{featureId} — one feature (GeoJSON), in the user's scope.
import { checkFormat, checkParams, item, MEDIA } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url, params, locals }) =>
	ogcAnswer(() => {
		checkParams(url);
		checkFormat(url, ['json', 'geojson']);
		return item(params.collectionId, params.featureId, ogcBase(url), locals.scope!);
	}, MEDIA.GEOJSON_T);
