import { answer, parseQuery } from '$lib/server/http';
import { suggestedRoute, ZoneQuery } from '$lib/server/field/zone';

export const GET = ({ url, locals }) =>
	answer(() => suggestedRoute(locals.scope!, parseQuery(ZoneQuery, url)));
