import { answer, parseId } from '$lib/server/http';
import { ticketChain } from '$lib/server/tickets/chain';

export const GET = ({ params, locals }) =>
	answer(() => ticketChain(parseId(params.id, 'id'), locals.user!, locals.scope!));
