import { z } from 'zod';
import { decimal } from '$lib/server/input';
import { answer, parseQuery } from '$lib/server/http';
import { CATEGORIES, nearbyOpenTickets } from '$lib/server/tickets/service';

const Query = z.object({
	lon: decimal(z.number().min(-180).max(180)),
	lat: decimal(z.number().min(-90).max(90)),
	category: z.enum(CATEGORIES).optional()
});

export const GET = ({ url, locals }) =>
	answer(() => nearbyOpenTickets(parseQuery(Query, url), locals.scope!));
