import { answer, parseJson } from '$lib/server/http';
import { config } from '$lib/server/config';
import { createWebhook, listWebhooks, WebhookInput } from '$lib/server/outbox/webhooks';

export const _schema = { POST: WebhookInput };

export const GET = () => answer(listWebhooks);

/** Registers a webhook; 201 with its secret (shown this once). The app's own origins are refused. */
export const POST = async ({ request, url, locals }) => {
	const v = await parseJson(WebhookInput, request);
	const origins = [url.origin, config.origin].filter((o): o is string => Boolean(o));
	return answer(() => createWebhook(v, locals.user!.id, { origins, port: config.port }), 201);
};
