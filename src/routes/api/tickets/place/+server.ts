// GET /api/tickets/place?lon=&lat= — the compound, building and address a point falls in (map picker).
import { z } from 'zod';
import { decimal } from '$lib/server/input';
import { answer, parseQuery } from '$lib/server/http';
import { placeAt } from '$lib/server/tickets/locate';

const Query = z.object({
	lon: decimal(z.number().min(-180).max(180)),
	lat: decimal(z.number().min(-90).max(90))
});

export const GET = ({ url }) =>
	answer(() => {
		const q = parseQuery(Query, url);
		return placeAt(q.lon, q.lat);
	});
