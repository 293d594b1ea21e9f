// GET /ogc/conformance — the conformance classes (public).
import { checkFormat, checkParams, conformance } from '$lib/server/ogc/service';
import { ogcAnswer } from '$lib/server/ogc/respond';

export const GET = ({ url }) => ogcAnswer(() => (checkParams(url), checkFormat(url), conformance()));
