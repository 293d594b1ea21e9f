import { json } from '@sveltejs/kit';
import { answer, readJson } from '$lib/server/http';
import { pushTicket, UpstreamTicket } from '$lib/server/tickets/upstream';

export const _schema = { POST: UpstreamTicket };

/** An upstream platform pushes a ticket: 201 when filed, 200 (`replayed: true`) when it was already. */
export const POST = async ({ request, locals }) => {
	const raw = await readJson(request);
	return answer(async () => {
		const r = await pushTicket(raw, locals.user!);
		return json(r, { status: r.replayed ? 200 : 201 });
	});
};
