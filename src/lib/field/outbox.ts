// The field outbox's rules, free of storage and network: what a queued request looks like, what an
// answer means for it, and how a queue is sent (in order, one at a time). src/lib/field/device.ts
// keeps the queue in IndexedDB; the page decides when to send.
import type { ApiErrorBody } from '$lib/i18n/errors';

export type OutboxState = 'waiting' | 'sent' | 'refused';

/** One request made in the field, kept on the device until the server has answered it for good. */
export interface OutboxItem {
	/** position in the queue (IndexedDB key, increasing): requests go in this order */
	seq?: number;
	/** the signed-in user who made it: each user has their own queue */
	user: number;
	/** Idempotency-Key header: the server answers a repeat from its record and writes nothing */
	key: string;
	kind: 'action' | 'checkin' | 'photo';
	url: string;
	/**
	 * JSON body; `at` (when it was made, ISO 8601) is added when it is sent. A photo's fields
	 * (its caption) go as multipart form fields beside the file.
	 */
	body: Record<string, unknown>;
	/** a photo taken in the field (kind `photo`): kept as a Blob in IndexedDB until it is sent */
	photo?: Blob;
	/** when it was made on the device (ISO 8601): the server refuses requests older than 72 h */
	at: string;
	state: OutboxState;
	/** what to call it in the list: an i18n key and its values */
	label: { key: string; values: Record<string, string | number> };
	/** the server's reason when refused */
	error?: ApiErrorBody;
	/** when the server took it (ISO 8601) */
	sentAt?: string;
	/** the server's answer when taken */
	result?: unknown;
}

/** What an HTTP answer means for a queued request. */
export type Outcome = 'sent' | 'refused' | 'retry' | 'signin';

/**
 * 2xx: taken. 401: the session expired, keep everything until the same user signs in again.
 * No answer (0), 408, 429, 5xx: try again later, in the same order. Any other 4xx is a refusal
 * for good (the ticket was reassigned, too far from the building …): shown with its reason.
 */
export function outcomeOf(status: number): Outcome {
	if (status >= 200 && status < 300) return 'sent';
	if (status === 401) return 'signin';
	if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
	return 'refused';
}

/** The answer to one send: an HTTP status (0 when the server was not reached) and its body. */
export interface SendResult {
	status: number;
	body: unknown;
}
export type Send = (item: OutboxItem) => Promise<SendResult>;

export interface FlushReport {
	sent: number;
	refused: number;
	/** stopped early: the server could not be reached (or answered 5xx); the rest waits */
	offline: boolean;
	/** stopped early: the session expired; the rest waits for the same user to sign in */
	signin: boolean;
}

/**
 * Sends the waiting requests in queue order, one at a time, saving each one's new state before
 * the next goes. Stops at the first that cannot be delivered now, so order is kept: a later
 * request never overtakes an earlier one. A refusal does not stop the queue (the rest is independent
 * of it and would otherwise be lost).
 */
export async function flushQueue(
	items: readonly OutboxItem[],
	send: Send,
	save: (item: OutboxItem) => Promise<void>,
	now: () => Date = () => new Date()
): Promise<FlushReport> {
	const report: FlushReport = { sent: 0, refused: 0, offline: false, signin: false };
	const waiting = items.filter((i) => i.state === 'waiting').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
	for (const item of waiting) {
		let r: SendResult;
		try {
			r = await send(item);
		} catch {
			r = { status: 0, body: null };
		}
		const outcome = outcomeOf(r.status);
		if (outcome === 'retry') return { ...report, offline: true };
		if (outcome === 'signin') return { ...report, signin: true };
		if (outcome === 'sent') {
			await save({ ...item, state: 'sent', sentAt: now().toISOString(), result: r.body });
			report.sent++;
		} else {
			const body = (r.body ?? {}) as ApiErrorBody;
			await save({ ...item, state: 'refused', error: { ...body, status: r.status } });
			report.refused++;
		}
	}
	return report;
}

/** A new random Idempotency-Key (a v4 UUID from the browser's crypto). */
export const newKey = () => crypto.randomUUID();
