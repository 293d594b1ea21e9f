// GET /api/search?q=&limit= — typo-tolerant search by name (pg_trgm) for the map's search box; hits
// with figures carry the reach of the user's scope (scope: whole / part / outside).
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { decimal, text } from '$lib/server/input';
import { parseQuery } from '$lib/server/http';
import { search } from '$lib/server/search/service';

const Query = z.object({
	q: text({ max: 100 }),
	limit: decimal(z.number().int().min(1).max(50).default(10))
});

export const GET = async ({ url, locals }) => {
	const { q, limit } = parseQuery(Query, url);
	return json(await search(q, limit, locals.scope!));
};
