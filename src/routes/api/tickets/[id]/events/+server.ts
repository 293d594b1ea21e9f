import { answer, parseId } from '$lib/server/http';
import { ticketHistory } from '$lib/server/tickets/service';

export const GET = ({ params, locals }) =>
	answer(() => ticketHistory(parseId(params.id, 'id'), locals.scope!));
