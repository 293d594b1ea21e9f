import { get } from 'svelte/store';
import { _, locale } from 'svelte-i18n';
import type { ErrorCode } from './errors';
import { errorText, type ApiErrorBody, type Translate } from './i18n/errors';
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
		readonly params: Record<string, string | number> = {},
		/** the server's English message (the fallback) */
		readonly serverMessage = message
	) {
		super(message);
	}
}

/**
 * An error answer in the interface language (by its code, see $lib/i18n/errors), so every page that
 * shows `err.message` shows it translated; the server's English text stays in `serverMessage`.
 */
function translated(status: number, body: ApiErrorBody & { message?: string }, url: string): string {
	try {
		return errorText(get(_) as Translate, { ...body, status }, get(locale));
	} catch {
		return body.message ?? `${url}: ${status}`;
	}
}

async function parse<T>(res: Response, url: string): Promise<T> {
	if (res.ok) return res.status === 204 ? (undefined as T) : res.json();
	const body = await res.json().catch(() => ({}));
	throw new ApiError(
		res.status,
		translated(res.status, body, url),
		body.field ?? undefined,
		body.code,
		body.params,
		body.message
	);
}

export const getJson = async <T>(url: string): Promise<T> => parse<T>(await fetch(url), url);

/** A binary answer's bytes (an error answer throws the same ApiError as getJson). */
export const getBytes = async (url: string): Promise<ArrayBuffer> => {
	const res = await fetch(url);
	return res.ok ? res.arrayBuffer() : parse<never>(res, url);
};

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
	return subscribeLive((m) => {
		if (m.type === 'ticket') onEvent(m.event);
		else if (m.type === 'reset') onReset?.();
	});
}
