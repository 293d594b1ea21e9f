// GET /api/siting/context?type=&lifeCircle=|walkM=&areaId=: the planning map before a run.
import { answer, parseQuery } from '$lib/server/http';
import { ContextQuery, planningContext } from '$lib/server/siting/context';

export const GET = ({ url, locals }) =>
	answer(() => planningContext(parseQuery(ContextQuery, url), locals.scope!));
