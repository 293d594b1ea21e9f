import { answer, parseId } from '$lib/server/http';
import { getTicket } from '$lib/server/tickets/service';
import { recordPersonalReads } from '$lib/server/privacy/reads';

/** One ticket in the caller's scope; handing out its reporter's name or phone is audited (PIPL). */
export const GET = ({ params, locals }) =>
	answer(async () => {
		const ticket = await getTicket(parseId(params.id, 'id'), locals.scope!);
		await recordPersonalReads(locals.user!, 'GET /api/tickets/[id]', [ticket]);
		return ticket;
	});
