// Live ticket events in the browser: ONE event stream per browser, however many tabs are open. A
// browser allows six HTTP/1.1 connections per origin; a stream per tab would starve the pages' own
// requests from the sixth tab on. The tabs elect a leader with the Web Locks API (the lock is
// released when its tab closes, and the next waiting tab takes over); the leader holds the one
// EventSource and passes every event to the other tabs over a BroadcastChannel. Without those APIs
// (old browsers) each tab opens its own stream.

/** What a live ticket event carries to the browser (no personal data). */
export interface LiveTicketEvent {
	id: number;
	ticketId: number;
	kind: string;
	from: string | null;
	to: string | null;
	at: string;
	category: string;
	status: string;
	lon: number;
	lat: number;
	districtId: number;
	overdue: boolean;
}

/**
 * What a page hears: a ticket event, or `reset` (the server could not resume from the last event
 * seen, e.g. after a restore: reload the data shown) — see README, "Live events".
 */
export type LiveMessage =
	| { type: 'ticket'; event: LiveTicketEvent }
	| { type: 'reset' }
	/** a new notification for the signed-in user (read them from /api/notifications) */
	| { type: 'notification' };

type Listener = (m: LiveMessage) => void;

const LOCK = 'redgrid-live-events';
const CHANNEL = 'redgrid-live-events';

const listeners = new Set<Listener>();
let channel: BroadcastChannel | null = null;
let source: EventSource | null = null;
let releaseLock: (() => void) | null = null;

const deliver = (m: LiveMessage) => listeners.forEach((l) => l(m));

/** Opens the stream in this tab (the leader, or every tab without Web Locks). */
function openStream(share: boolean) {
	source = new EventSource('/api/events');
	const pass = (m: LiveMessage) => {
		deliver(m);
		if (share) channel?.postMessage(m);
	};
	source.addEventListener('ticket', (m) =>
		pass({ type: 'ticket', event: JSON.parse((m as MessageEvent).data) })
	);
	source.addEventListener('reset', () => pass({ type: 'reset' }));
	source.addEventListener('notification', () => pass({ type: 'notification' }));
	// `end`: the session or its scope changed; EventSource reconnects by itself (and is refused when
	// signed out, then stops).
}

function start() {
	const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
	if (!locks || typeof BroadcastChannel === 'undefined') {
		openStream(false);
		return;
	}
	channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = (m) => deliver(m.data as LiveMessage);
	// Waits for the lock; holds it (and the stream) until this tab has no listener left or closes.
	void locks.request(LOCK, () => {
		if (listeners.size === 0) return; // nobody here needs it any more: let the next tab lead
		openStream(true);
		return new Promise<void>((resolve) => (releaseLock = resolve));
	});
}

function stop() {
	source?.close();
	source = null;
	channel?.close();
	channel = null;
	releaseLock?.();
	releaseLock = null;
}

/** Listens to the live events of the user's scope; returns the function that stops listening. */
export function subscribeLive(listener: Listener): () => void {
	listeners.add(listener);
	if (listeners.size === 1) start();
	return () => {
		listeners.delete(listener);
		if (listeners.size === 0) stop();
	};
}
