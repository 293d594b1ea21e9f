import { answer, parseQuery } from '$lib/server/http';
import { myZone, ZoneQuery } from '$lib/server/field/zone';
import { recordPersonalReads } from '$lib/server/privacy/reads';

/** The worker's zone with its open tickets; their reporters' names and phones are audited reads (PIPL). */
export const GET = ({ url, locals }) =>
	answer(async () => {
		const zone = await myZone(locals.user!, locals.scope!, parseQuery(ZoneQuery, url));
		await recordPersonalReads(locals.user!, 'GET /api/me/zone', zone.tickets);
		return zone;
	});
