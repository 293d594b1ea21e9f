import { answer, parseQuery } from '$lib/server/http';
import { listNotifications, NotificationQuery } from '$lib/server/notifications/service';

export const _schema = { GET: NotificationQuery };

/** The signed-in user's notifications, newest first, and the unread count. */
export const GET = ({ url, locals }) =>
	answer(() => listNotifications(locals.user!.id, parseQuery(NotificationQuery, url)));
