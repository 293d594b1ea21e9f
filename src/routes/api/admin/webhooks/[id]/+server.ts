import { answer, parseId } from '$lib/server/http';
import { disableWebhook } from '$lib/server/outbox/webhooks';

/** Disables a webhook (nothing new is queued for it). */
export const DELETE = ({ params }) => answer(() => disableWebhook(parseId(params.id, 'id')));
