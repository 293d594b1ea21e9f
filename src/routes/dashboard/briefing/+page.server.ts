import { parseQuery } from '$lib/server/http';
import { briefing, BriefingQuery } from '$lib/server/analysis/briefing';

export const load = ({ url, locals }) => briefing(parseQuery(BriefingQuery, url).area, locals.scope!);
