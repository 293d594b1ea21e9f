// GET /ogc/api — the OpenAPI 3.0 definition (public).
import { apiDocument, MEDIA } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url }) => ogcAnswer(() => apiDocument(ogcBase(url)), MEDIA.OAS_T);
