import { answer, parseId, parseJson } from '$lib/server/http';
import { PasswordReset, resetPassword } from '$lib/server/accounts/service';

export const _schema = { POST: PasswordReset };

/** Sets a new password that the user must change at the next sign-in; signs them out everywhere. */
export const POST = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const body = await parseJson(PasswordReset, request);
	return answer(() => resetPassword(id, body.password, locals.user!));
};
