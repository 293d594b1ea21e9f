// GET /ogc/collections — the layers the user may read, with their extents.
import { checkFormat, checkParams, collections } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url, locals }) =>
	ogcAnswer(() => (checkParams(url), checkFormat(url), collections(ogcBase(url), locals.scope!)));
