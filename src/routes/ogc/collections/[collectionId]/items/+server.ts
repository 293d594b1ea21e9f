// GET /ogc/collections/{collectionId}/items?bbox=&datetime=&limit=&offset= — a page of features
// (GeoJSON) with numberMatched / numberReturned and next / prev links, in the user's scope.
import { checkItemsParams, items, ItemsQuery, MEDIA } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';
import { parseQuery } from '$lib/server/http';

export const GET = ({ url, params, locals }) =>
	ogcAnswer(() => {
		checkItemsParams(url);
		return items(params.collectionId, parseQuery(ItemsQuery, url), url, ogcBase(url), locals.scope!);
	}, MEDIA.GEOJSON_T);
