import { answer, parseId } from '$lib/server/http';
import { assigneeCandidates } from '$lib/server/tickets/service';

export const GET = ({ params, locals }) =>
	answer(() => assigneeCandidates(parseId(params.id, 'id'), locals.scope!));
