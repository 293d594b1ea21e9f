// POST /api/governance/decisions/{id}/ticket {category?, description?} — follow a decision as a ticket
import { answer, parseId, parseJson } from '$lib/server/http';
import { DecisionTicketBody, decisionToTicket } from '$lib/server/governance/service';

export const _schema = { POST: DecisionTicketBody };

export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const body = await parseJson(DecisionTicketBody, request);
	return answer(() => decisionToTicket(id, body, locals.user!), 201);
};
