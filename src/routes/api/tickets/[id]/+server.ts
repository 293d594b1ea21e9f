import { answer, parseId } from '$lib/server/http';
import { getTicket } from '$lib/server/tickets/service';

export const GET = ({ params, locals }) => answer(() => getTicket(parseId(params.id, 'id'), locals.scope!));
