import { answer, parseJson } from '$lib/server/http';
import { changeOwnPassword, PasswordChange } from '$lib/server/accounts/service';

/** {currentPassword, newPassword}: also clears "must change at next sign-in". */
export const POST = async ({ request, locals }) => {
	const body = await parseJson(PasswordChange, request);
	return answer(async () => {
		await changeOwnPassword(locals.user!, body);
		return { ok: true };
	});
};
