import type { ErrorCode } from './errors';
import { subscribeLive, type LiveTicketEvent } from './tickets/live';

export type { LiveTicketEvent };

// Browser-side calls to the app's JSON API: errors carry the server's message (which names the field).
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly field?: string,
		/** the stable error code (src/lib/errors.ts), for translation */
		readonly code?: ErrorCode,
		readonly params: Record<string, string | number> = {}
	) {
		super(message);
	}
}

async function parse<T>(res: Response, url: string): Promise<T> {
	if (res.ok) return res.status === 204 ? (undefined as T) : res.json();
	const body = await res.json().catch(() => ({}));
	throw new ApiError(
		res.status,
		body.message ?? `${url}: ${res.status}`,
		body.field ?? undefined,
		body.code,
		body.params
	);
}

export const getJson = async <T>(url: string): Promise<T> => parse<T>(await fetch(url), url);

export const sendJson = async <T>(
	method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
	url: string,
	body: unknown
): Promise<T> =>
	parse<T>(
		await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
		url
	);

export const sendForm = async <T>(url: string, form: FormData): Promise<T> =>
	parse<T>(await fetch(url, { method: 'POST', body: form }), url);

/**
 * Live ticket events of the user's scope, over the one stream the browser's tabs share
 * (src/lib/tickets/live.ts); `onReset` when the shown data must be reloaded (default: the handler
 * gets nothing and the page's own polling catches up).
 */
export function subscribeTicketEvents(
	onEvent: (e: LiveTicketEvent) => void,
	onReset?: () => void
): () => void {
	return subscribeLive((m) => (m.type === 'ticket' ? onEvent(m.event) : onReset?.()));
}
