// Webhooks and the dead-letter list (README "Notifications and the outbox"), for admins: register a
// webhook (its secret is shown once), disable it, list the messages that failed every attempt and
// replay one (it is sent again with the same idempotency id).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { DeadLetter, NewWebhook, Webhook } from '../../api-types';
import { WEBHOOK_TOPICS } from '../../codes';
import { db } from '../db/pool';
import { InputError } from '../http';
import { decimal, text } from '../input';
import { checkWebhookUrl, type AppSelf } from './url';

export const WebhookInput = z
	.object({
		url: z.string().min(1).max(2000),
		label: text({ max: 100 }),
		topics: z.array(z.enum(WEBHOOK_TOPICS)).min(1).max(2).optional(),
		/** an upstream platform's webhook: only the events of the tickets that source pushed */
		source: z
			.string()
			.regex(/^[a-z0-9_-]{1,40}$/, '1–40 of a-z 0-9 _ -')
			.optional()
	})
	.strict();

/** Registers a webhook (the URL checked by checkWebhookUrl: 400 / 422 naming `url`); answers its secret once. */
export async function createWebhook(
	v: z.infer<typeof WebhookInput>,
	userId: number,
	self: AppSelf
): Promise<NewWebhook<Date>> {
	const url = checkWebhookUrl(v.url, self);
	const secret = randomBytes(32).toString('hex');
	const { rows } = await db().query<Omit<NewWebhook<Date>, 'secret'>>(
		`INSERT INTO webhooks (url, label, secret, topics, created_by, source) VALUES ($1, $2, $3, $4, $5, $6)
		 RETURNING id, url, label, topics, source, created_at AS "createdAt"`,
		[
			url,
			v.label,
			secret,
			[...new Set(v.topics ?? (v.source ? ['ticket_event'] : WEBHOOK_TOPICS))],
			userId,
			v.source ?? null
		]
	);
	return { ...rows[0], secret };
}

/** The webhooks with their waiting, delivered and dead messages (never the secret). */
export async function listWebhooks(): Promise<Webhook<Date>[]> {
	const { rows } = await db().query<Webhook<Date>>(
		`SELECT w.id, w.url, w.label, w.topics, w.source, w.created_at AS "createdAt", w.disabled_at AS "disabledAt",
		   count(o.id) FILTER (WHERE o.delivered_at IS NULL AND o.dead_at IS NULL)::int AS waiting,
		   count(o.id) FILTER (WHERE o.delivered_at IS NOT NULL)::int AS delivered,
		   count(o.id) FILTER (WHERE o.dead_at IS NOT NULL)::int AS dead
		 FROM webhooks w LEFT JOIN outbox o ON o.webhook_id = w.id
		 GROUP BY w.id ORDER BY w.id`
	);
	return rows;
}

/** Stops a webhook: no new messages are written for it; 404 naming id when there is none. */
export async function disableWebhook(id: number) {
	const { rowCount } = await db().query(
		'UPDATE webhooks SET disabled_at = coalesce(disabled_at, now()) WHERE id = $1',
		[id]
	);
	if (!rowCount) throw new InputError(404, 'id', `webhook ${id} does not exist`);
	return listWebhooks();
}

export const DeadQuery = z.object({ limit: decimal(z.number().int().min(1).max(500).default(100)) });

/** Messages that failed every attempt, newest first, with their last error. */
export async function deadLetters(limit = 100): Promise<DeadLetter<Date>[]> {
	const { rows } = await db().query<DeadLetter<Date>>(
		`SELECT o.id, o.webhook_id AS "webhookId", w.label, o.message_id AS "messageId", o.topic, o.attempts,
		   o.created_at AS "createdAt", o.dead_at AS "deadAt", o.last_error AS "lastError"
		 FROM outbox o JOIN webhooks w ON w.id = o.webhook_id
		 WHERE o.dead_at IS NOT NULL ORDER BY o.dead_at DESC, o.id DESC LIMIT $1`,
		[limit]
	);
	return rows; // outbox.id is a bigint, read as a number (db/pool.ts)
}

/**
 * Sends a dead message again (attempts start over, the same idempotency id): 404 naming id when
 * there is no such message, 409 when it is not in the dead-letter list.
 */
export async function replay(id: number) {
	const { rows } = await db().query(
		`UPDATE outbox SET dead_at = NULL, attempts = 0, next_at = now(), last_error = NULL
		 WHERE id = $1 AND dead_at IS NOT NULL RETURNING id`,
		[id]
	);
	if (!rows[0]) {
		const { rows: any } = await db().query('SELECT 1 FROM outbox WHERE id = $1', [id]);
		if (!any[0]) throw new InputError(404, 'id', `outbox message ${id} does not exist`);
		throw new InputError(409, 'id', `outbox message ${id} is not dead`, undefined, {
			reason: 'wrong_status'
		});
	}
	await db().query(`SELECT pg_notify('outbox', '')`);
	return { id, replayed: true };
}
