// Stored answers of figures that take seconds to count at city scale (migration 371). The companies'
// service figures over a window of days read every ticket of the window: about 270,000 at scale 40,
// 1.6–2.5 s however the query is written (an index-only count of those rows alone takes 80 ms on
// this machine kind, each median a sort of them). No roll-up by day shrinks that (a compound has
// one ticket every twenty days), so the answer itself is kept: "stale while revalidate", as HTTP
// caches do (RFC 5861), with the age bounded and shown to the user. Answers over slowly changing data
// (the facility, steward and party tabs, the governance figures) are kept by the state of that data
// instead (migration 407), and a keeper renews what was asked lately before anyone waits for it.
import { createHash } from 'node:crypto';
import { config } from '../config.js';
import { db, readDb } from '../db/pool';

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

/**
 * How to tell that an answer's data changed: a function giving a short text that changes whenever
 * the data the count reads changes (e.g. layerState). Read on the read pool, as the counts are.
 */
export type DataState = () => Promise<string>;

/**
 * The state of the tile layers `layers` (their versions, bumped by statement triggers on every
 * change; migration 010) and, with `walkNetwork`, of the walk network (its table's file node, new on
 * every rebuild), as one text. Reads one row on the read pool: well under a millisecond.
 */
export function layerState(layers: string[], opts: { walkNetwork?: boolean } = {}): DataState {
	return async () => {
		const { rows } = await readDb().query<{ state: string }>(
			`SELECT coalesce(string_agg(layer || ':' || version, ',' ORDER BY layer), '')
			   || CASE WHEN $2 THEN ',walk:' || coalesce(pg_relation_filenode('walk_edges')::text, '') ELSE '' END AS state
			 FROM layer_versions WHERE layer = ANY ($1::text[])`,
			[layers, opts.walkNetwork ?? false]
		);
		return rows[0].state;
	};
}

/** How a stored answer goes out of date (see snapshot). */
export interface Freshness {
	/** the state of the data it reads: counted again as soon as that state moves */
	state?: DataState;
	/** whether it also ages out after REDGRID_FIGURES_MAX_AGE_SECONDS (default: when it has no state) */
	ages?: boolean;
	/**
	 * whether the keeper renews it in the background for an hour after it was asked (default true;
	 * false for questions that move with the viewport, such as a density's bbox, which nobody asks twice)
	 */
	keep?: boolean;
}

interface Question extends Freshness {
	count: () => Promise<unknown>;
	/** Date.now() of the last request for it in this process */
	askedAt: number;
}

/**
 * Whether the stored row (none: undefined) must be counted again for `q`: missing, its data's state
 * moved (`stateNow`, the state read now), or, when it ages, `age` seconds old or more.
 */
function due(
	row: { computed_at: Date; state: string | null } | undefined,
	q: Freshness,
	stateNow: string | null,
	age: number
): boolean {
	if (!row || (q.state && row.state !== stateNow)) return true;
	return !!q.ages && (Date.now() - row.computed_at.getTime()) / 1000 >= age;
}

const refreshing = new Map<string, Promise<unknown>>();

async function countAndStore<T>(
	key: string,
	count: () => Promise<T>,
	state?: DataState
): Promise<Snapshot<T>> {
	const asOf = new Date();
	// the state before the count: a change made during it shows as a changed state at the next read
	const before = state ? await state() : null;
	const value = await count();
	await db().query(
		`INSERT INTO figure_snapshots (key, computed_at, body, state) VALUES ($1, $2, $3, $4)
		 ON CONFLICT (key) DO UPDATE SET computed_at = EXCLUDED.computed_at, body = EXCLUDED.body, state = EXCLUDED.state
		 WHERE figure_snapshots.computed_at < EXCLUDED.computed_at`,
		[key, asOf, JSON.stringify(value), before]
	);
	return { value, asOf };
}

/** One count per key at a time in this process; callers that come meanwhile share it. */
function once<T>(key: string, count: () => Promise<T>, state?: DataState): Promise<Snapshot<T>> {
	const running = refreshing.get(key) as Promise<Snapshot<T>> | undefined;
	if (running) return running;
	const p = countAndStore(key, count, state).finally(() => refreshing.delete(key));
	refreshing.set(key, p);
	return p;
}

/**
 * The answer to `key` (the query's name and parameters, at most 200 characters, e.g. questionKey;
 * the value must survive JSON), stored and answered from the store while fresh:
 * - with `opts.state`, counted now, and stored, as soon as the data's state differs from the one it
 *   was counted at (an official who just recorded a meeting sees it counted);
 * - when it `ages` (answers over tickets, which change every minute; the default without a state),
 *   counted now when older than REDGRID_FIGURES_MAX_AGE_SECONDS (`maxAge`, 300 s), and refreshed in
 *   the background once older than a fifth of it (so a busy page's figures are about a minute old).
 * An answer with a state that does not age is answered however old while its data is unchanged.
 * A question is kept (see keepAnswers; not with `keep: false`; the MAX_KEPT last asked) for an hour
 * after it was last asked, so its answer is renewed before anyone waits for it. `maxAge` 0 counts
 * every time and stores nothing. A failed background refresh is logged and leaves the stored answer.
 * Errors of a count made now reach the caller.
 */
export async function snapshot<T>(
	key: string,
	count: () => Promise<T>,
	opts: Freshness = {}
): Promise<Snapshot<T>> {
	const maxAgeSeconds = config.figuresMaxAgeSeconds;
	if (maxAgeSeconds <= 0) return { value: await count(), asOf: new Date() };
	const q: Question = { count, state: opts.state, ages: opts.ages ?? !opts.state, askedAt: Date.now() };
	if (opts.keep ?? true) {
		asked.delete(key); // most recently asked last, so the oldest go first past MAX_KEPT
		asked.set(key, q);
		if (asked.size > MAX_KEPT) asked.delete(asked.keys().next().value!);
		keepAnswers();
	}
	// the body only when it is not the one this process already holds (a city's patrol answer is 4 MB)
	const held = lastRead.get(key) as Snapshot<T> | undefined;
	const [{ rows }, now] = await Promise.all([
		db().query<{ computed_at: Date; state: string | null; body: T | null }>(
			`SELECT computed_at, state, CASE WHEN computed_at = $2 THEN NULL ELSE body END AS body
			 FROM figure_snapshots WHERE key = $1`,
			[key, held?.asOf ?? null]
		),
		q.state ? q.state() : null
	]);
	const row = rows[0];
	if (due(row, q, now, maxAgeSeconds)) return once(key, count, q.state);
	if (due(row, q, now, maxAgeSeconds / 5))
		once(key, count, q.state).catch((err) =>
			console.error(`figures ${key}: not refreshed: ${(err as Error).message}`)
		);
	if (row.body === null && held) return held;
	const read = { value: row.body as T, asOf: row.computed_at };
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

/** The questions asked of this process in the last KEEP_MS, renewed in the background by keepAnswers. */
const asked = new Map<string, Question>();
const KEEP_MS = 3_600_000;
/** At most this many questions kept: an official's screens are a few dozen. */
const MAX_KEPT = 64;
let keeper: ReturnType<typeof setInterval> | null = null;

/**
 * Starts (once per process) the renewal of the stored answers asked in the last hour, every tenth of
 * `maxAge` (30 s): one that ages once it is older than four fifths of `maxAge`, one with a data state
 * once that state moved. One count at a time, so the renewals never take more than
 * one connection and one core. Without it, the first official after a quiet spell waited for every
 * count of the page (facility coverage at scale 40: 14–27 s).
 */
function keepAnswers() {
	if (keeper) return;
	keeper = setInterval(() => void renewAsked(), Math.max(1, config.figuresMaxAgeSeconds / 10) * 1000);
	keeper.unref();
}

let renewing = false;
/** One pass of the keeper (exported for tests): renews what is due, forgets what nobody asked lately. */
export async function renewAsked(): Promise<string[]> {
	const maxAgeSeconds = config.figuresMaxAgeSeconds;
	if (renewing || maxAgeSeconds <= 0) return [];
	renewing = true;
	const renewed: string[] = [];
	try {
		for (const [key, q] of asked) {
			if (Date.now() - q.askedAt > KEEP_MS) {
				asked.delete(key);
				continue;
			}
			try {
				const { rows } = await db().query<{ computed_at: Date; state: string | null }>(
					'SELECT computed_at, state FROM figure_snapshots WHERE key = $1',
					[key]
				);
				const stateNow = rows[0] && q.state ? await q.state() : null;
				if (!due(rows[0], q, stateNow, maxAgeSeconds * 0.8)) continue;
				await once(key, q.count, q.state);
				renewed.push(key);
			} catch (err) {
				console.error(`figures ${key}: not renewed: ${(err as Error).message}`);
			}
		}
	} finally {
		renewing = false;
	}
	return renewed;
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
