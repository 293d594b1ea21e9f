// GET /ogc/conformance — the conformance classes (public).
import { conformance } from '$lib/server/ogc/service';
import { ogcAnswer } from '$lib/server/ogc/respond';

export const GET = () => ogcAnswer(conformance);
