import { answer, parseQuery } from '$lib/server/http';
import { StagesQuery, waitingStages } from '$lib/server/tickets/stages';

export const GET = ({ url, locals }) =>
	answer(() => waitingStages(parseQuery(StagesQuery, url), locals.scope!));
