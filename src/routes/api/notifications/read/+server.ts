import { answer, parseJson } from '$lib/server/http';
import { markRead, MarkRead } from '$lib/server/notifications/service';

export const _schema = { POST: MarkRead };

/** Marks the user's notifications read (`ids`, or all); answers the unread count. */
export const POST = async ({ request, locals }) => {
	const v = await parseJson(MarkRead, request);
	return answer(() => markRead(locals.user!.id, v));
};
