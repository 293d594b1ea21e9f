// POST /api/siting: validate a siting request, queue its solve, answer 202 {id, status, href}.
import { answer, readJson } from '$lib/server/http';
import { SitingBody } from '$lib/server/siting/request';
import { startSiting } from '$lib/server/siting/service';
import type { RequestHandler } from './$types';

export const _schema = { POST: SitingBody };

export const POST: RequestHandler = ({ request, locals }) =>
	answer(async () => {
		const body = await readJson(request);
		const { id } = await startSiting(body, locals.user!, locals.scope!);
		return { id, status: 'queued', href: `/api/siting/${id}` };
	}, 202);
