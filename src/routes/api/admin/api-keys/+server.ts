import { answer, parseJson } from '$lib/server/http';
import { issueKey, listKeys, NewKey } from '$lib/server/accounts/service';

export const _schema = { POST: NewKey };

export const GET = async () => answer(() => listKeys());

/** The plain key is in this answer only. */
export const POST = async ({ request, locals }) => {
	const body = await parseJson(NewKey, request);
	return answer(() => issueKey(body, locals.user!), 201);
};
