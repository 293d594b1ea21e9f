import { answer, parseQuery } from '$lib/server/http';
import { listPatrols, PatrolQuery, startPatrol } from '$lib/server/field/patrols';

/** POST takes no body. */
export const _schema = { POST: null };

export const GET = ({ url, locals }) =>
	answer(() => listPatrols(parseQuery(PatrolQuery, url), locals.scope!));

/** Starts a patrol (201), or resumes the worker's open one (`resumed: true`). */
export const POST = ({ locals }) => answer(() => startPatrol(locals.user!), 201);
