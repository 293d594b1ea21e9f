import { answer, parseId } from '$lib/server/http';
import { revokeKey } from '$lib/server/accounts/service';

/** Revokes the key (the row stays, for the audit trail). */
export const DELETE = async ({ params, locals }) => {
	const id = parseId(params.id, 'id');
	return answer(() => revokeKey(id, locals.user!));
};
