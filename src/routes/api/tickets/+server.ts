import { answer, parseQuery } from '$lib/server/http';
import { fileTicket } from '$lib/server/tickets/intake';
import { listTickets, NewTicket, TicketQuery } from '$lib/server/tickets/service';

/** JSON or multipart (with a photo). */
export const _schema = { POST: NewTicket };

export const GET = ({ url, locals }) =>
	answer(() => listTickets(parseQuery(TicketQuery, url), locals.scope!));

export const POST = ({ request, locals }) =>
	answer(() => fileTicket(request, locals.user!, locals.via === 'api_key' ? 'api' : 'ui'), 201);
