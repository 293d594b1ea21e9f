// GET /ogc/collections/{collectionId} — one layer and its extent.
import { collection } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url, params, locals }) =>
	ogcAnswer(() => collection(params.collectionId, ogcBase(url), locals.scope!));
