// GET /api/governance/tickets/{id}/decisions — the meeting decisions a ticket follows (the link back)
import { answer, parseId } from '$lib/server/http';
import { decisionsOfTicket } from '$lib/server/governance/service';

export const GET = ({ params, locals }) => {
	const id = parseId(params.id, 'id');
	return answer(() => decisionsOfTicket(id, locals.scope!));
};
