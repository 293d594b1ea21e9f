import { answer, parseJson } from '$lib/server/http';
import { changeOwnPassword, PasswordChange } from '$lib/server/accounts/service';
import { sessionId } from '$lib/server/auth/sessions';

export const _schema = { POST: PasswordChange };

/** {currentPassword, newPassword}: also clears "must change at next sign-in"; ends the user's other sessions. */
export const POST = async ({ request, locals }) => {
	const body = await parseJson(PasswordChange, request);
	const keep = locals.credential?.kind === 'session' ? sessionId(locals.credential.secret) : null;
	return answer(async () => {
		await changeOwnPassword(locals.user!, body, keep);
		return { ok: true };
	});
};
