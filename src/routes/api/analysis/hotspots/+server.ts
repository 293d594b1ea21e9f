import { answer, parseQuery } from '$lib/server/http';
import { hotspots, HotspotQuery } from '$lib/server/analysis/density';

export const GET = ({ url, locals }) => answer(() => hotspots(parseQuery(HotspotQuery, url), locals.scope!));
