// GET /ogc — OGC API – Features landing page (public, as the spec's discovery documents are).
import { checkFormat, checkParams, landing } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url }) => ogcAnswer(() => (checkParams(url), checkFormat(url), landing(ogcBase(url))));
