// GET /ogc/collections/{collectionId} — one layer and its extent.
import { checkFormat, checkParams, collection } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url, params, locals }) =>
	ogcAnswer(
		() => (checkParams(url), checkFormat(url), collection(params.collectionId, ogcBase(url), locals.scope!))
	);
