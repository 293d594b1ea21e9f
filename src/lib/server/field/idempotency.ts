// Requests a phone queued offline and sends later: each carries an Idempotency-Key header and the
// time it was made (`at` in the body). The first answer (taken or refused) is stored per user and
// key, in the same transaction as the change it answers, so a request resent after a lost answer
// gets that answer again and changes nothing twice.
import { isHttpError, json } from '@sveltejs/kit';
import type pg from 'pg';
import { z } from 'zod';
import { db } from '../db/pool';
import { answer, InputError } from '../http';

/** A request made longer ago than this is refused (the worker's situation has changed since). */
export const MAX_AGE_MS = 72 * 3600_000;
/** Clock skew a phone may have before its `at` counts as in the future. */
const FUTURE_SLACK_MS = 2 * 60_000;
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;

/** The `at` body field: when the request was made on the device (ISO 8601 with offset), ≤ 72 h old. */
export const madeAt = z.iso
	.datetime({ offset: true, message: 'an ISO 8601 time with offset' })
	.refine((s) => Date.parse(s) >= Date.now() - MAX_AGE_MS, {
		message: 'made more than 72 hours ago',
		params: { code: 'too_old', hours: MAX_AGE_MS / 3600_000 }
	})
	.refine((s) => Date.parse(s) <= Date.now() + FUTURE_SLACK_MS, {
		message: 'in the future',
		params: { code: 'invalid_date' }
	})
	.optional();

/** The Idempotency-Key header, or null when absent; 400 naming the header when malformed. */
export function idempotencyKey(request: Request): string | null {
	const key = request.headers.get('idempotency-key');
	if (key === null) return null;
	if (!KEY.test(key))
		throw new InputError(
			400,
			'Idempotency-Key',
			'letters, digits and . _ : - only, 8–100 characters',
			'invalid_format'
		);
	return key;
}

/** Stores the answer to a keyed request; call it inside the transaction that makes the change. */
export type Remember<T> = (c: pg.PoolClient, result: T) => Promise<void>;

interface Stored {
	target: string;
	status: number;
	response: unknown;
}

async function stored(user: number, key: string): Promise<Stored | undefined> {
	const { rows } = await db().query<Stored>(
		'SELECT target, status, response FROM idempotent_requests WHERE user_id = $1 AND key = $2',
		[user, key]
	);
	return rows[0];
}

async function replay(s: Stored, target: string): Promise<Response> {
	if (s.target !== target)
		return answer(() =>
			Promise.reject(
				new InputError(
					422,
					'Idempotency-Key',
					`this key was already used for ${s.target}`,
					'idempotency_mismatch'
				)
			)
		);
	return json(s.response, { status: s.status, headers: { 'idempotent-replayed': 'true' } });
}

/** An error as the response the API gives for it, or null when it is not a refusal (a 5xx). */
async function refusal(err: unknown, custom?: (err: unknown) => Response | null): Promise<Response | null> {
	const own = custom?.(err);
	if (own) return own;
	if (err instanceof InputError) return answer(() => Promise.reject(err));
	if (isHttpError(err) && err.status < 500) return json(err.body, { status: err.status });
	return null;
}

/**
 * Runs `run` once per user and key. `target` names the request (method, path): the same key on
 * another target is refused with 422. Without a key, `run` simply runs. `run` must call
 * `remember(client, result)` inside its transaction; a refusal (4xx) is stored too, so a resend is
 * refused the same way (`refuse` may shape a refusal's answer; the default is the API's error
 * answer). Errors that are not refusals store nothing, so the request may be retried.
 */
export async function once<T>(
	user: number,
	key: string | null,
	target: string,
	madeAtIso: string | undefined,
	run: (remember: Remember<T>) => Promise<T>,
	opts: { status?: number; refuse?: (err: unknown) => Response | null } = {}
): Promise<Response> {
	const status = opts.status ?? 200;
	if (!key) {
		try {
			return await answer(() => run(async () => {}), status);
		} catch (err) {
			const res = opts.refuse?.(err);
			if (res) return res;
			throw err;
		}
	}
	const seen = await stored(user, key);
	if (seen) return replay(seen, target);
	const made = madeAtIso ?? new Date().toISOString();
	const insert = (q: pg.PoolClient | pg.Pool, s: number, body: unknown) =>
		q.query(
			`INSERT INTO idempotent_requests (user_id, key, target, made_at, status, response)
			 VALUES ($1, $2, $3, $4, $5, $6)`,
			[user, key, target, made, s, JSON.stringify(body)]
		);
	try {
		const result = await run(async (c, r) => {
			await insert(c, status, r);
		});
		return json(result, { status });
	} catch (err) {
		// the same key arrived twice at once: the other request committed first; answer as it did
		if ((err as { code?: string }).code === '23505') {
			const s = await stored(user, key);
			if (s) return replay(s, target);
		}
		const res = await refusal(err, opts.refuse);
		if (!res) throw err;
		const body = await res.clone().json();
		try {
			await insert(db(), res.status, body);
		} catch (e) {
			if ((e as { code?: string }).code !== '23505') throw e;
		}
		return res;
	}
}
