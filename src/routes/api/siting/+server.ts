// POST /api/siting: validate a siting request, queue its solve, answer 202 {id, status, href}.
import { answer, InputError } from '$lib/server/http';
import { startSiting } from '$lib/server/siting/service';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ request, locals }) =>
	answer(async () => {
		const body = await request.json().catch(() => {
			throw new InputError(400, 'body', 'not valid JSON');
		});
		const { id } = await startSiting(body, locals.user!, locals.scope!);
		return { id, status: 'queued', href: `/api/siting/${id}` };
	}, 202);
