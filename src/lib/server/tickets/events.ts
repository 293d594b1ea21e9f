// Live ticket events: each app instance LISTENs on its own connection and fans committed events
// out to its Server-Sent-Events clients. NOTIFY only wakes the reader; the events table is the
// truth, read in commit order after a cursor (see feed.sql), so a client that reconnects
// with Last-Event-ID — after an app or a database restart — gets exactly what it missed.
import type pg from 'pg';
import { db } from '../db/pool';
import { subscribe } from '../db/notifications';
import type { Scope } from '../auth/roles';
import { ticketFilter, type ScopedRow } from '../auth/scope';
import feedSql from './feed.sql?raw';
import type { LiveTicketEvent } from '../../tickets/live';

/** A position in the feed: the `seq` of the last event seen (commit-ordered, see feed.sql). */
export interface Cursor {
	seq: number;
}

/** A feed row: what the browser gets, plus what the server needs to order and scope it. */
export interface FeedEvent extends LiveTicketEvent, Omit<ScopedRow, 'ticketId'> {
	seq: number;
}

export const ORIGIN_CURSOR: Cursor = { seq: 0 };

export const encodeCursor = (c: Cursor) => String(c.seq);

/** Parses a Last-Event-ID (a seq); undefined when malformed. */
export function decodeCursor(s: string | null | undefined): Cursor | undefined {
	return /^\d{1,15}$/.test(s ?? '') ? { seq: Number(s) } : undefined;
}

export const cursorOf = (e: FeedEvent): Cursor => ({ seq: Number(e.seq) });

export const compareCursors = (a: Cursor, b: Cursor): number => a.seq - b.seq;

/** Committed events after `after`, in commit order. */
export async function readFeed(
	after: Cursor,
	limit = 500,
	q: pg.Pool | pg.Client = db()
): Promise<FeedEvent[]> {
	const { rows } = await q.query<FeedEvent>(feedSql, [after.seq, limit]);
	return rows;
}

/** The cursor of the newest committed event. */
export async function headCursor(): Promise<Cursor> {
	const { rows } = await db().query<{ seq: number }>(
		'SELECT coalesce(max(seq), 0) AS seq FROM ticket_events'
	);
	return { seq: Number(rows[0].seq) };
}

type Listener = (e: FeedEvent) => void;

/** The per-process fan-out: NOTIFY wakes one reader, which hands events to many subscribers. */
class Hub {
	cursor: Cursor = ORIGIN_CURSOR;
	private readonly listeners = new Set<Listener>();
	private ready: Promise<void> | undefined;
	private reading = false;
	private again = false;
	private timer: ReturnType<typeof setInterval> | undefined;
	private unsubscribe: (() => void) | undefined;

	start(): Promise<void> {
		this.ready ??= (async () => {
			this.cursor = await headCursor();
			const wake = () => void this.read();
			this.unsubscribe = await subscribe('ticket_events', { onNotify: wake, onReconnect: wake });
			// A safety net: events held back behind a slow transaction, or a NOTIFY lost while reconnecting.
			this.timer = setInterval(wake, 1000);
			this.timer.unref();
		})().catch((err) => {
			this.ready = undefined;
			throw err;
		});
		return this.ready;
	}

	/** Reads everything after the cursor and hands it to the subscribers; one reader at a time. */
	async read(): Promise<void> {
		if (this.reading) {
			this.again = true;
			return;
		}
		this.reading = true;
		try {
			do {
				this.again = false;
				for (;;) {
					const batch = await readFeed(this.cursor);
					for (const e of batch) {
						this.cursor = cursorOf(e);
						for (const l of this.listeners) l(e);
					}
					if (batch.length < 500) break;
				}
			} while (this.again);
		} catch {
			// the database is away; the timer or the reconnect tries again
		} finally {
			this.reading = false;
		}
	}

	subscribe(l: Listener): () => void {
		this.listeners.add(l);
		return () => this.listeners.delete(l);
	}

	stop() {
		if (this.timer) clearInterval(this.timer);
		this.unsubscribe?.();
	}
}

let hub: Hub | undefined;

export function stopEventHub(): void {
	hub?.stop();
	hub = undefined;
}

export async function eventHub(): Promise<Hub> {
	hub ??= new Hub();
	await hub.start();
	return hub;
}

const HEARTBEAT_MS = 15_000;
/** Events per page of a replay (Last-Event-ID far behind): read only as fast as the client takes them. */
const PAGE = 200;
/** Live events kept for a client that does not read; past this the stream falls back to paging. */
export const MAX_PENDING = 500;
const encoder = new TextEncoder();

function frame(e: FeedEvent): Uint8Array {
	const {
		seq: _seq,
		communityId: _c,
		gridCellId: _g,
		buildingId: _b,
		assigneeId: _a,
		compoundId: _k,
		holderDepartmentId: _d,
		...data
	} = e;
	return encoder.encode(`id: ${encodeCursor(cursorOf(e))}\nevent: ticket\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * The control events of the feed (README, "Live events"): `reset` when the Last-Event-ID is not one
 * this feed has given (above its newest event, as after a restore): the client reloads its data,
 * and the stream goes on from the newest event, whose id it carries; `end` before the server closes
 * the stream because the session or key that opened it ended or its scope changed (the browser's
 * EventSource reconnects, and is then refused or gets the new scope).
 */
const control = (event: 'reset' | 'end', data: Record<string, unknown>, id?: Cursor) =>
	encoder.encode(
		`${id ? `id: ${encodeCursor(id)}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
	);

// Streams that watch their credential: woken on every NOTIFY auth_changed (users, sessions, keys).
const authWatchers = new Set<() => void>();
let watchingAuth: Promise<unknown> | null = null;
function watchAuth() {
	watchingAuth ??= subscribe('auth_changed', {
		onNotify: () => authWatchers.forEach((w) => w()),
		onReconnect: () => authWatchers.forEach((w) => w())
	}).catch(() => (watchingAuth = null));
	return watchingAuth;
}
// Streams that tell their user of new notifications (NOTIFY notifications, payload the user id,
// migration 353): `event: notification` carries no id, so the ticket cursor is untouched; the page
// then reads /api/notifications (the database keeps them, so a missed one is read on the next load).
const notificationWatchers = new Map<number, Set<() => void>>();
let watchingNotifications: Promise<unknown> | null = null;
function watchNotifications() {
	watchingNotifications ??= subscribe('notifications', {
		onNotify: (payload) => notificationWatchers.get(Number(payload))?.forEach((w) => w()),
		onReconnect: () => notificationWatchers.forEach((ws) => ws.forEach((w) => w()))
	}).catch(() => (watchingNotifications = null));
	return watchingNotifications;
}

/** How often a stream rechecks its credential without a NOTIFY (idle timeout, lost notifications). */
const RECHECK_MS = 30_000;

export interface StreamOptions {
	/**
	 * Whether the stream may go on: asked when authentication data changes (NOTIFY auth_changed) and
	 * every 30 s; false ends the stream with an `end` event.
	 */
	stillAllowed?: () => Promise<boolean>;
	/** the user whose notifications the stream announces (`event: notification`) */
	userId?: number;
}

/**
 * An SSE stream of the events in scope after `since` (or from now), pulled by the client: the
 * backlog is read a page at a time only when the client has taken the previous one (back-pressure),
 * and live events wait in a buffer of at most MAX_PENDING; a client that falls further behind goes
 * back to paging from the table, so memory per client stays bounded and nothing is lost or sent twice.
 * A `since` above the newest event gets a `reset` event (never silence).
 */
export async function eventStream(
	scope: Scope,
	since: Cursor | undefined,
	signal: AbortSignal,
	opts: StreamOptions = {}
): Promise<ReadableStream<Uint8Array>> {
	const h = await eventHub();
	const visible = await ticketFilter(db(), scope);
	let last: Cursor = since ?? h.cursor;
	const greeting = [encoder.encode(`retry: 2000\n: connected\n\n`)];
	if (since && compareCursors(since, h.cursor) > 0) {
		// a cursor this feed never gave (a restored database, another server's id)
		greeting.push(
			control(
				'reset',
				{ reason: 'unknown_last_event_id', lastEventId: since.seq, head: h.cursor.seq },
				h.cursor
			)
		);
		last = h.cursor;
	}
	let paging = compareCursors(last, h.cursor) < 0; // behind the hub: read from the table
	const pending: FeedEvent[] = [];
	let beat = false;
	let ended = false;
	let wake: (() => void) | null = null;
	const poke = () => {
		const w = wake;
		wake = null;
		w?.();
	};
	let controller: ReadableStreamDefaultController<Uint8Array> | undefined;

	const unsubscribe = h.subscribe((e) => {
		if (paging) return; // the pager reads it from the table
		if (pending.length >= MAX_PENDING) {
			pending.length = 0; // a client that does not read: page from the table again when it does
			paging = true;
			return;
		}
		pending.push(e);
		poke();
	});
	const heartbeat = setInterval(() => {
		beat = true;
		poke();
	}, HEARTBEAT_MS);
	let checking = false;
	const check = async () => {
		if (!opts.stillAllowed || checking || ended) return;
		checking = true;
		try {
			if (!(await opts.stillAllowed())) end('credential_ended');
		} catch {
			// the database is away: the next notification or recheck decides
		} finally {
			checking = false;
		}
	};
	const recheck = setInterval(check, RECHECK_MS);
	if (opts.stillAllowed) {
		authWatchers.add(check);
		await watchAuth();
	}
	const notified = () => {
		if (ended) return;
		try {
			controller?.enqueue(encoder.encode(`event: notification\ndata: {}\n\n`));
		} catch {
			// closed meanwhile
		}
	};
	if (opts.userId != null) {
		const set = notificationWatchers.get(opts.userId) ?? new Set();
		set.add(notified);
		notificationWatchers.set(opts.userId, set);
		await watchNotifications();
	}
	const close = () => {
		ended = true;
		unsubscribe();
		if (opts.userId != null) {
			const set = notificationWatchers.get(opts.userId);
			set?.delete(notified);
			if (set?.size === 0) notificationWatchers.delete(opts.userId);
		}
		authWatchers.delete(check);
		clearInterval(heartbeat);
		clearInterval(recheck);
		poke();
	};
	/** Ends the stream from the server's side with an `end` event, read or not. */
	const end = (reason: string) => {
		if (ended) return;
		close();
		try {
			controller?.enqueue(control('end', { reason }));
			controller?.close();
		} catch {
			// already closed
		}
	};
	signal.addEventListener('abort', close);

	return new ReadableStream<Uint8Array>(
		{
			start(c) {
				controller = c;
				for (const g of greeting) c.enqueue(g);
			},
			async pull(c) {
				for (;;) {
					if (ended) return;
					if (paging) {
						const batch = await readFeed(last, PAGE);
						if (ended) return;
						let sent = 0;
						for (const e of batch) {
							if (compareCursors(cursorOf(e), last) <= 0) continue;
							last = cursorOf(e);
							if (visible(e)) {
								c.enqueue(frame(e));
								sent++;
							}
						}
						// caught up with the hub: from here on its events are ours (no await in between)
						if (batch.length === 0 || compareCursors(last, h.cursor) >= 0) paging = false;
						if (sent > 0) return; // the next page when the client has taken this one
						continue;
					}
					const e = pending.shift();
					if (e) {
						if (compareCursors(cursorOf(e), last) <= 0) continue;
						last = cursorOf(e);
						if (!visible(e)) continue;
						c.enqueue(frame(e));
						return;
					}
					if (beat) {
						beat = false;
						c.enqueue(encoder.encode(`: heartbeat\n\n`));
						return;
					}
					await new Promise<void>((r) => (wake = r));
				}
			},
			cancel: close
		},
		{ highWaterMark: 1 }
	);
}
