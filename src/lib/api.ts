import type { LiveTicketEvent } from './tickets/live';

export type { LiveTicketEvent };

// Browser-side calls to the app's JSON API: errors carry the server's message (which names the field).
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly field?: string
	) {
		super(message);
	}
}

async function parse<T>(res: Response, url: string): Promise<T> {
	if (res.ok) return res.status === 204 ? (undefined as T) : res.json();
	const body = await res.json().catch(() => ({}));
	throw new ApiError(res.status, body.message ?? `${url}: ${res.status}`, body.field);
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

/** Live ticket events of the user's scope; the browser resumes with Last-Event-ID after a drop. */
export function subscribeTicketEvents(onEvent: (e: LiveTicketEvent) => void): () => void {
	const source = new EventSource('/api/events');
	source.addEventListener('ticket', (m) => onEvent(JSON.parse((m as MessageEvent).data)));
	return () => source.close();
}
