import { answer, parseQuery } from '$lib/server/http';
import { myZone, ZoneQuery } from '$lib/server/field/zone';

export const GET = ({ url, locals }) =>
	answer(() => myZone(locals.user!, locals.scope!, parseQuery(ZoneQuery, url)));
