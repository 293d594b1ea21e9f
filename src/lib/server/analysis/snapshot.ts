// Stored answers of figures that take seconds to count at city scale (migration 371). The companies'
// service figures over a window of days read every ticket of the window: about 270,000 at scale 40,
// 1.6–2.5 s however the query is written (an index-only count of those rows alone takes 80 ms on
// this machine kind, each median a sort of them). No roll-up by day shrinks that (a compound has
// one ticket every twenty days), so the answer itself is kept: "stale while revalidate", as HTTP
// caches do (RFC 5861), with the age bounded and shown to the user.
import { createHash } from 'node:crypto';
import { config } from '../config.js';
import { db } from '../db/pool';

/**
 * The key of a stored answer: `name` and a SHA-256 of the question as asked (`parts`: its parameters
 * and, where the SQL applies the caller's scope, the scope), so that two callers share an answer only
 * when they asked the same question with the same reach. 64 hex digits after `name:`.
 */
export function questionKey(name: string, ...parts: unknown[]): string {
	return `${name}:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}

/** A stored answer and the time its figures were counted (the start of that count). */
export interface Snapshot<T> {
	value: T;
	asOf: Date;
}

const refreshing = new Map<string, Promise<unknown>>();

async function countAndStore<T>(key: string, count: () => Promise<T>): Promise<Snapshot<T>> {
	const asOf = new Date();
	const value = await count();
	await db().query(
		`INSERT INTO figure_snapshots (key, computed_at, body) VALUES ($1, $2, $3)
		 ON CONFLICT (key) DO UPDATE SET computed_at = EXCLUDED.computed_at, body = EXCLUDED.body
		 WHERE figure_snapshots.computed_at < EXCLUDED.computed_at`,
		[key, asOf, JSON.stringify(value)]
	);
	return { value, asOf };
}

/** One count per key at a time in this process; callers that come meanwhile share it. */
function once<T>(key: string, count: () => Promise<T>): Promise<Snapshot<T>> {
	const running = refreshing.get(key) as Promise<Snapshot<T>> | undefined;
	if (running) return running;
	const p = countAndStore(key, count).finally(() => refreshing.delete(key));
	refreshing.set(key, p);
	return p;
}

/**
 * The answer to `key` (the query's name and parameters, at most 200 characters; the value must
 * survive JSON): the stored one while younger than REDGRID_FIGURES_MAX_AGE_SECONDS (`maxAge`, 300 s),
 * refreshed in the background once older than a fifth of it (so a busy page's figures are about a
 * minute old); counted now, and stored, when there is none or it is too old. `maxAge` 0 counts
 * every time and stores nothing. A failed background refresh is logged and leaves the stored answer.
 * Errors of a count made now reach the caller.
 */
export async function snapshot<T>(
	key: string,
	count: () => Promise<T>,
	maxAgeSeconds: number = config.figuresMaxAgeSeconds
): Promise<Snapshot<T>> {
	if (maxAgeSeconds <= 0) return { value: await count(), asOf: new Date() };
	// the body only when it is not the one this process already holds (a city's patrol answer is 4 MB)
	const held = lastRead.get(key) as Snapshot<T> | undefined;
	const { rows } = await db().query<{ computed_at: Date; body: T | null }>(
		'SELECT computed_at, CASE WHEN computed_at = $2 THEN NULL ELSE body END AS body FROM figure_snapshots WHERE key = $1',
		[key, held?.asOf ?? null]
	);
	const age = rows.length ? (Date.now() - rows[0].computed_at.getTime()) / 1000 : Infinity;
	if (age >= maxAgeSeconds) return once(key, count);
	if (age >= maxAgeSeconds / 5)
		once(key, count).catch((err) =>
			console.error(`figures ${key}: not refreshed: ${(err as Error).message}`)
		);
	if (rows[0].body === null && held) return held;
	const read = { value: rows[0].body as T, asOf: rows[0].computed_at };
	remember(key, read);
	return read;
}

/** The stored answers this process last read (as read: JSON), by key: the newest MAX_HELD keys, oldest dropped first. */
const lastRead = new Map<string, Snapshot<unknown>>();
const MAX_HELD = 200;
function remember(key: string, s: Snapshot<unknown>) {
	lastRead.delete(key);
	lastRead.set(key, s);
	if (lastRead.size > MAX_HELD) lastRead.delete(lastRead.keys().next().value!);
}

/**
 * Deletes the stored answers not renewed for `days` (1): questions nobody asked since (an area or
 * window no longer looked at). Run by the retention job. Returns how many.
 */
export async function forgetOldFigures(days = 1): Promise<number> {
	const { rowCount } = await db().query(
		`DELETE FROM figure_snapshots WHERE computed_at < now() - make_interval(days => $1::int)`,
		[days]
	);
	return rowCount ?? 0;
}
