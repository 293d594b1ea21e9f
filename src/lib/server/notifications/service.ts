// The notification centre (README "Notifications and the outbox"): notifications kept in the
// database per user (new assignments, deadline warnings, 督办, extension decisions, callbacks that
// reopened a ticket), told live over the event stream (NOTIFY notifications, migration 353), read
// and marked read by their user only. Every notification also goes to the outbox (trigger).
import type pg from 'pg';
import { z } from 'zod';
import { db } from '../db/pool';
import { decimal } from '../input';
import recipientsSql from './recipients.sql?raw';
import listSql from './list.sql?raw';
import reportersSql from './reporters.sql?raw';

export const NOTIFICATION_KINDS = [
	'assigned',
	'informed',
	'warning',
	'supervised',
	'extension_decided',
	'callback_reopened',
	'report_closed'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Who besides the holder hears of it. */
export interface Audience {
	/** the holder's accounts (default true) */
	holder?: boolean;
	/** the officials of the most local area above the ticket that has any */
	supervisors?: boolean;
	/** the grid cell's worker, when someone else holds the ticket */
	worker?: boolean;
}

/**
 * Notifies the audience of ticket `ticketId` (recipients.sql), inside the caller's transaction:
 * one row per user, `payload` a small JSON object (the ticket's code, a due time…). Returns the
 * user ids told.
 */
export async function notifyTicket(
	c: pg.PoolClient,
	ticketId: number,
	kind: NotificationKind,
	payload: Record<string, unknown>,
	audience: Audience = {}
): Promise<number[]> {
	const { rows } = await c.query<{ id: number; why: 'holder' | 'supervisor' | 'worker' }>(recipientsSql, [
		ticketId,
		audience.holder ?? true,
		audience.supervisors ?? false,
		audience.worker ?? false
	]);
	// the grid cell's worker, kept informed of an assignment to someone else, hears it as 'informed'
	const kinds = rows.map((r) => (r.why === 'worker' && kind === 'assigned' ? 'informed' : kind));
	if (rows.length)
		await c.query(
			`INSERT INTO notifications (user_id, ticket_id, kind, payload)
			 SELECT u, $2, k, $4 FROM unnest($1::int[], $3::text[]) AS r(u, k)`,
			[rows.map((r) => r.id), ticketId, kinds, JSON.stringify(payload)]
		);
	return rows.map((r) => Number(r.id));
}

/**
 * Tells the reporters of a closed ticket and of the duplicates merged into it (合并: "the reporters
 * of both are told by the master's closing"): a `report_closed` notification per user and ticket
 * they reported (reporters.sql: the user who filed it from the app or the API), linking their own
 * ticket, with `{code, masterCode}` as payload. `closerId`, who closed it, is not told. Inside the
 * caller's transaction; returns the user ids told.
 */
export async function notifyReporters(
	c: pg.PoolClient,
	masterId: number,
	closerId: number
): Promise<number[]> {
	const { rows } = await c.query<{ userId: number; ticketId: number; code: string }>(reportersSql, [
		masterId,
		closerId
	]);
	if (!rows.length) return [];
	const master =
		rows.find((r) => Number(r.ticketId) === masterId)?.code ??
		(await c.query<{ code: string }>('SELECT code FROM tickets WHERE id = $1', [masterId])).rows[0].code;
	await c.query(
		`INSERT INTO notifications (user_id, ticket_id, kind, payload)
		 SELECT u, t, 'report_closed', jsonb_build_object('code', code, 'masterCode', $4::text)
		 FROM unnest($1::int[], $2::bigint[], $3::text[]) AS r(u, t, code)`,
		[rows.map((r) => r.userId), rows.map((r) => r.ticketId), rows.map((r) => r.code), master]
	);
	return rows.map((r) => Number(r.userId));
}

export const NotificationQuery = z.object({
	limit: decimal(z.number().int().min(1).max(100).default(20)),
	before: decimal(z.number().int().positive().optional())
});

/** A user's notifications, newest first, and how many are unread. */
export async function listNotifications(userId: number, q: z.infer<typeof NotificationQuery>) {
	const { rows } = await db().query(listSql, [userId, q.limit, q.before ?? null]);
	const unread =
		rows[0]?.unread ??
		Number(
			(
				await db().query('SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
					userId
				])
			).rows[0].n
		);
	return {
		unread,
		items: rows.map(({ unread: _u, ...r }) => ({
			...r,
			id: Number(r.id),
			ticketId: r.ticketId && Number(r.ticketId)
		}))
	};
}

export const MarkRead = z
	.object({
		/** these notifications; absent: all of the user's */
		ids: z.array(z.number().int().positive()).min(1).max(500).optional()
	})
	.strict();

/** Marks the user's notifications read (only their own: others' ids are ignored); answers the unread count. */
export async function markRead(userId: number, v: z.infer<typeof MarkRead>): Promise<{ unread: number }> {
	await db().query(
		`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL
		 AND ($2::bigint[] IS NULL OR id = ANY ($2::bigint[]))`,
		[userId, v.ids ?? null]
	);
	const { rows } = await db().query(
		'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
		[userId]
	);
	return { unread: rows[0].n };
}
