import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { decimal } from '$lib/server/input';
import { listAreas } from '$lib/server/areas/service';
import { parseQuery } from '$lib/server/http';

const Query = z.object({
	parent: decimal(z.number().int().positive().optional()),
	level: z.enum(['city', 'district', 'street', 'community']).optional()
});

export const GET = async ({ url }) => {
	const q = parseQuery(Query, url);
	return json(await listAreas({ parentId: q.parent, level: q.level }));
};
