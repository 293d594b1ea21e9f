// Stored answers of figures that take seconds to count at city scale (migration 371). The companies'
// service figures over a window of days read every ticket of the window: about 270,000 at scale 40,
// 1.6–2.5 s however the query is written (an index-only count of those rows alone takes 80 ms on
// this machine kind, each median a sort of them). No roll-up by day shrinks that (a compound has
// one ticket every twenty days), so the answer itself is kept: "stale while revalidate", as HTTP
// caches do (RFC 5861), with the age bounded and shown to the user.
import { config } from '../config.js';
import { db } from '../db/pool';

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
	const { rows } = await db().query<{ computed_at: Date; body: T }>(
		'SELECT computed_at, body FROM figure_snapshots WHERE key = $1',
		[key]
	);
	const age = rows.length ? (Date.now() - rows[0].computed_at.getTime()) / 1000 : Infinity;
	if (age >= maxAgeSeconds) return once(key, count);
	if (age >= maxAgeSeconds / 5)
		once(key, count).catch((err) =>
			console.error(`figures ${key}: not refreshed: ${(err as Error).message}`)
		);
	return { value: rows[0].body, asOf: rows[0].computed_at };
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
