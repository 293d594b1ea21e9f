import { answer, parseId, parseJson } from '$lib/server/http';
import { updateUser, UserEdit } from '$lib/server/accounts/service';

/** The body of each method that takes one (the route-table test reads it). */
export const _schema = { PATCH: UserEdit };

/** {version, displayName?, role?, areaId?, personId?, disabled?} */
export const PATCH = async ({ params, request, locals }) => {
	const id = parseId(params.id, 'id');
	const body = await parseJson(UserEdit, request);
	return answer(() => updateUser(id, body, locals.user!));
};
