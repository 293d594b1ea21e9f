// Live ticket events: each app instance LISTENs on its own connection and fans committed events
// out to its Server-Sent-Events clients. NOTIFY only wakes the reader; the events table is the
// truth, read in commit order after a cursor (see feed.sql), so a client that reconnects
// with Last-Event-ID — after an app or a database restart — gets exactly what it missed.
import type pg from 'pg';
import { db } from '../db/pool';
import { subscribe } from '../db/notifications';
import type { Scope } from '../auth/roles';
import { ticketFilter } from '../auth/scope';
import feedSql from './feed.sql?raw';
import type { LiveTicketEvent } from '../../tickets/live';

/** A position in the feed: the `seq` of the last event seen (commit-ordered, see feed.sql). */
export interface Cursor {
	seq: number;
}

/** A feed row: what the browser gets, plus what the server needs to order and scope it. */
export interface FeedEvent extends LiveTicketEvent {
	seq: number;
	communityId: number | null;
	gridCellId: number | null;
	buildingId: number | null;
	assigneeId: number | null;
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
const encoder = new TextEncoder();

function frame(e: FeedEvent): Uint8Array {
	const { seq: _seq, communityId: _c, gridCellId: _g, buildingId: _b, assigneeId: _a, ...data } = e;
	return encoder.encode(`id: ${encodeCursor(cursorOf(e))}\nevent: ticket\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * An SSE stream of the events in scope after `since` (or from now). Subscribes first and buffers,
 * then replays the backlog up to the hub's cursor, then flushes the buffer: nothing is lost in
 * between and nothing is sent twice.
 */
export async function eventStream(
	scope: Scope,
	since: Cursor | undefined,
	signal: AbortSignal
): Promise<ReadableStream<Uint8Array>> {
	const h = await eventHub();
	const visible = await ticketFilter(db(), scope);
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	let live = false;
	let last = since ?? h.cursor;
	const buffer: FeedEvent[] = [];
	const send = (e: FeedEvent) => {
		const c = cursorOf(e);
		if (compareCursors(c, last) <= 0) return;
		last = c;
		if (visible(e)) controller.enqueue(frame(e));
	};
	const unsubscribe = h.subscribe((e) => (live ? send(e) : buffer.push(e)));
	const upTo = h.cursor;
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	const close = () => {
		unsubscribe();
		if (heartbeat) clearInterval(heartbeat);
	};
	signal.addEventListener('abort', close);
	return new ReadableStream<Uint8Array>({
		async start(c) {
			controller = c;
			controller.enqueue(encoder.encode(`retry: 2000\n: connected\n\n`));
			try {
				for (let from = last; compareCursors(from, upTo) < 0;) {
					const batch = (await readFeed(from)).filter((e) => compareCursors(cursorOf(e), upTo) <= 0);
					if (batch.length === 0) break;
					for (const e of batch) send(e);
					from = cursorOf(batch[batch.length - 1]);
				}
				for (const e of buffer.splice(0)) send(e);
				live = true;
			} catch (err) {
				close();
				controller.error(err);
				return;
			}
			heartbeat = setInterval(() => controller.enqueue(encoder.encode(`: heartbeat\n\n`)), HEARTBEAT_MS);
		},
		cancel: close
	});
}
