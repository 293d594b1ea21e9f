import { parseJson } from '$lib/server/http';
import { answer } from '$lib/server/http';
import { createUser, listUsers, NewUser } from '$lib/server/accounts/service';

export const _schema = { POST: NewUser };

export const GET = async () => answer(() => listUsers());

export const POST = async ({ request, locals }) => {
	const body = await parseJson(NewUser, request);
	return answer(() => createUser(body, locals.user!), 201);
};
