import { json } from '@sveltejs/kit';
import { areaSummary } from '$lib/server/areas/service';
import { parseId } from '$lib/server/http';

export const GET = async ({ params, locals }) =>
	json(await areaSummary(parseId(params.id, 'id'), locals.scope!));
