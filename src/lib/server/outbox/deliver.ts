// The outbox's sender (README "Notifications and the outbox"): posts every due row to its webhook
// as JSON, signed (./sign.ts), with the message's idempotency id; 2xx marks it delivered, anything
// else (or no answer in 5 s) tries again after a back-off of 1, 2, 4 … s (at most 10 min), and after
// REDGRID_OUTBOX_MAX_ATTEMPTS (8) failures the row goes to the dead-letter list an admin can replay.
// Delivery is at least once: a receiver keeps the ids it has seen (X-RedGrid-Id) and ignores repeats.
import type pg from 'pg';
import { createPool, db } from '../db/pool';
import { subscribe } from '../db/notifications';
import { config } from '../config.js';
import { backoffSeconds, signature } from './sign';
import claimSql from './claim.sql?raw';

/** Seconds a claimed row is kept from others while it is being sent. */
const LEASE_S = 30;
const TIMEOUT_MS = 5000;

interface Claimed {
	id: string;
	messageId: string;
	topic: string;
	payload: unknown;
	attempts: number;
	url: string;
	secret: string;
}

/** Posts one row; resolves to null when the receiver answered 2xx, else the error text. */
async function post(row: Claimed): Promise<string | null> {
	const body = JSON.stringify({ id: row.messageId, topic: row.topic, data: row.payload });
	const timestamp = Math.floor(Date.now() / 1000);
	try {
		const res = await fetch(row.url, {
			method: 'POST',
			redirect: 'manual',
			signal: AbortSignal.timeout(TIMEOUT_MS),
			headers: {
				'content-type': 'application/json',
				'user-agent': 'RedGrid-Outbox/1',
				'x-redgrid-id': row.messageId,
				'x-redgrid-topic': row.topic,
				'x-redgrid-attempt': String(row.attempts),
				'x-redgrid-timestamp': String(timestamp),
				'x-redgrid-signature': signature(row.secret, timestamp, body)
			},
			body
		});
		await res.body?.cancel().catch(() => {});
		return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
	} catch (err) {
		return ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
	}
}

/**
 * Sends one batch of due rows (at most `limit`, concurrently) and records every outcome in one
 * statement. Returns how many were claimed (0: nothing was due). `q`: the sender's own pool (so it
 * never waits behind the requests' queue for a connection), else the app's.
 */
export async function deliverBatch(
	limit = 50,
	maxAttempts = config.outboxMaxAttempts,
	q: pg.Pool = db()
): Promise<number> {
	const { rows } = await q.query<Claimed>(claimSql, [limit, LEASE_S]);
	if (!rows.length) return 0;
	const outcomes = await Promise.all(rows.map(post));
	// per row: delivered (error null), dead (the last attempt failed) or due again after its back-off
	await q.query(
		`UPDATE outbox o SET
		   delivered_at = CASE WHEN r.error IS NULL THEN now() END,
		   dead_at = CASE WHEN r.error IS NOT NULL AND o.attempts >= $4 THEN now() END,
		   next_at = CASE WHEN r.error IS NOT NULL THEN now() + make_interval(secs => r.wait) ELSE o.next_at END,
		   last_error = r.error
		 FROM unnest($1::bigint[], $2::text[], $3::int[]) AS r(id, error, wait)
		 WHERE o.id = r.id`,
		[rows.map((r) => r.id), outcomes, rows.map((r) => backoffSeconds(r.attempts)), maxAttempts]
	);
	return rows.length;
}

/**
 * Runs the sender: a batch whenever NOTIFY outbox says rows were written, and every second (rows
 * waiting for their back-off). Returns a function that stops it (after the batch in flight).
 */
export function startOutbox(): () => Promise<void> {
	let stopped = false;
	let wake: (() => void) | null = null;
	const poke = () => {
		const w = wake;
		wake = null;
		w?.();
	};
	let unsubscribe: (() => void) | null = null;
	subscribe('outbox', { onNotify: poke, onReconnect: poke })
		.then((u) => (stopped ? u() : (unsubscribe = u)))
		.catch(() => {});
	// two connections of its own: under heavy intake the app's pool has a queue of requests
	const pool = createPool(undefined, 2);
	const loop = (async () => {
		while (!stopped) {
			let n = 0;
			try {
				n = await deliverBatch(100, config.outboxMaxAttempts, pool);
			} catch (err) {
				console.error(`outbox: ${(err as Error).message}`);
			}
			if (n === 0 && !stopped)
				await new Promise<void>((resolve) => {
					const t = setTimeout(resolve, 1000);
					t.unref();
					wake = () => (clearTimeout(t), resolve());
				});
		}
	})();
	return async () => {
		stopped = true;
		unsubscribe?.();
		poke();
		await loop;
		await pool.end().catch(() => {});
	};
}
