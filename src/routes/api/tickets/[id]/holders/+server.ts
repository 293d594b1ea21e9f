import { answer, parseId } from '$lib/server/http';
import { holderOptions } from '$lib/server/tickets/holders';

/** The organisations that may hold the ticket, the routing rule's proposal marked. */
export const GET = ({ params, locals }) =>
	answer(() => holderOptions(parseId(params.id, 'id'), locals.scope!));
