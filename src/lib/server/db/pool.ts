// The database pools of the process: the primary's, and the read pool (a replica, when configured).
import { config } from '../config.js';
import pg from 'pg';
import { isOutage } from './outage';

let pool: pg.Pool | undefined;

// int8 (bigint ids, counts) as JS numbers: our ids and counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function databaseUrl(): string {
	const url = config.databaseUrl;
	if (!url) throw new Error('DATABASE_URL is not set: start the app with `npm start`, which sets it');
	return url;
}

/** How a pool's sessions differ from the API's (the tile pools, tileDb). */
interface SessionKind {
	/** added to the application name (shows in pg_stat_activity) */
	nameSuffix?: string;
	/** more session settings, as `-c name=value` options */
	settings?: string;
	/** how long an idle connection is kept (pg's default: 10 s) */
	idleTimeoutMillis?: number;
	/**
	 * TCP keepalive from a minute idle (KEEPALIVE_DELAY_MS), for connections kept idle long: one a
	 * NAT or firewall has forgotten is found dead before a tile waits on it
	 */
	keepAlive?: boolean;
}

const KEEPALIVE_DELAY_MS = 60_000;
/** pg's client options of a SessionKind: idle time and TCP keepalive. */
const sessionOptions = ({ idleTimeoutMillis, keepAlive }: SessionKind) => ({
	idleTimeoutMillis,
	...(keepAlive ? { keepAlive, keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS } : {})
});

/** A pool whose sessions run on Beijing time, whatever the machine's time zone. */
export function createPool(
	connectionString = databaseUrl(),
	max = config.pgPool,
	kind: SessionKind = {}
): pg.Pool {
	const p = new pg.Pool({
		connectionString,
		max,
		...sessionOptions(kind),
		...connectionOptions(kind.nameSuffix, kind.settings)
	});
	// An idle client that loses its server must not crash the process; the next query reconnects.
	p.on('error', (err) => console.error('database pool: idle client error:', err.message));
	return guardClients(p, 'database pool');
}

/**
 * Gives every client of `p` an error listener for the time it is checked out. pg emits a lost
 * connection (a database restart, pg_terminate_backend) on a checked-out client that is between two
 * queries, e.g. inside a transaction; with no listener that error ends the process. The query that
 * comes next fails instead, and the client is dropped when released (it is no longer queryable).
 */
function guardClients<P extends pg.Pool>(p: P, name: string): P {
	p.on('connect', (client) =>
		client.on('error', (err) => console.error(`${name}: client lost while in use:`, err.message))
	);
	return p;
}

/** Session settings of every connection: Beijing time, and a name that shows in pg_stat_activity. */
export const connectionOptions = (suffix = '', settings = '') => ({
	options: `-c timezone=Asia/Shanghai${settings ? ` ${settings}` : ''}`,
	application_name: `${config.appName}${suffix}`
});

export function db(): pg.Pool {
	pool ??= createPool();
	return pool;
}

/** How long the read pool sends its work to the primary after the replica could not be reached. */
export const REPLICA_RETRY_MS = 5000;
let replicaDownUntil = 0;

function replicaUnreachable(err: Error) {
	if (Date.now() >= replicaDownUntil)
		console.error(
			`read replica unreachable (${err.message}): reading the primary for ${REPLICA_RETRY_MS / 1000} s`
		);
	replicaDownUntil = Date.now() + REPLICA_RETRY_MS;
}

type ConnectCallback = (
	err: Error | undefined,
	client: pg.PoolClient | undefined,
	done: (release?: unknown) => void
) => void;

/**
 * The replica's pool. A connection it cannot open (the replica stopped, restarting, away) is taken
 * from the primary's pool instead, and so is every one for the next REPLICA_RETRY_MS: a replica
 * that is down slows nothing and fails nothing (the primary has all the data, and newer).
 * `pool.query` goes through `connect` too. A query already running when the replica goes away fails.
 */
class ReadPool extends pg.Pool {
	/** The primary's pool that takes the work while the replica cannot be reached (replicaPool sets it). */
	fallback!: () => pg.Pool;

	/** A connection to the replica itself, never the primary (the lag, the tiles' version check). */
	connectReplica(): Promise<pg.PoolClient> {
		return super.connect();
	}

	connect(): Promise<pg.PoolClient>;
	connect(callback: ConnectCallback): void;
	connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
		const primary = () => (callback ? this.fallback().connect(callback) : this.fallback().connect());
		if (Date.now() < replicaDownUntil) return primary();
		if (!callback)
			return super.connect().catch((err: Error) => {
				if (!isOutage(err)) throw err;
				replicaUnreachable(err);
				return this.fallback().connect();
			});
		super.connect((err, client, done) => {
			if (err && isOutage(err)) {
				replicaUnreachable(err);
				this.fallback().connect(callback);
			} else callback(err, client, done);
		});
	}
}

let readPool: ReadPool | undefined;

/** True when a read replica is configured (REDGRID_READ_DATABASE_URL). */
export const hasReplica = (): boolean => Boolean(config.readDatabaseUrl);

/**
 * The pool for read-only work that may be a little behind the primary (tiles, analysis, exports):
 * the replica's (REDGRID_READ_DATABASE_URL) when one is configured, else the primary's, `db()`.
 * This is the one place that decides. Nothing written and no LISTEN may go through it (a hot
 * standby refuses both); what must see a version exactly waits for it first (tiles/replica.ts).
 * While the replica cannot be reached its work goes to the primary (ReadPool).
 */
export function readDb(): pg.Pool {
	if (!config.readDatabaseUrl) return db();
	readPool ??= replicaPool({ nameSuffix: '-read' }, db);
	return readPool;
}

/**
 * A pool of the replica's (REDGRID_READ_DATABASE_URL), as readDb describes; `kind` as createPool's;
 * `fallback`: the primary's pool that takes its work while the replica is away.
 */
function replicaPool(kind: SessionKind, fallback: () => pg.Pool): ReadPool {
	const p = guardClients(
		new ReadPool({
			connectionString: config.readDatabaseUrl,
			max: config.pgPool,
			...sessionOptions(kind),
			...connectionOptions(kind.nameSuffix, kind.settings)
		}),
		'read pool'
	);
	p.on('error', (err) => {
		console.error('read pool: idle client error:', err.message);
		if (isOutage(err)) replicaUnreachable(err);
	});
	p.fallback = fallback;
	return p;
}

/**
 * Runs one query on the replica itself, never falling back to the primary (what must know the
 * replica's own state: its lag, its layer versions). Throws when it cannot be reached, or when no
 * replica is configured.
 */
export async function replicaQuery<R extends pg.QueryResultRow>(
	sql: string,
	params: unknown[] = []
): Promise<R[]> {
	if (!hasReplica()) throw new Error('no read replica is configured (REDGRID_READ_DATABASE_URL)');
	const client = await (readDb() as ReadPool).connectReplica();
	try {
		return (await client.query<R>(sql, params)).rows;
	} finally {
		client.release();
	}
}

/**
 * The tiles' sessions run their prepared statements on the generic plan from the first execution.
 * PostgreSQL plans the first five executions of a prepared statement with the parameters' values
 * ("custom" plans) on every connection, and with a tile's envelope known a scale-50 tile of
 * buildings is estimated at its true thousands of rows times ST_AsMVTGeom's cost: JIT compilation
 * and two parallel workers, 357 ms instead of the generic plan's 134 ms (EXPLAIN ANALYZE, z14).
 * From the sixth execution on the server chooses the generic plan when its estimate is no dearer
 * than the custom plans' average, as it did for every tile layer tried (buildings, compounds, grid
 * cells, tickets): forced, every connection runs the plan it settles on from its first tile after a
 * start. Only the tiles' statements are prepared, and only these sessions have the setting (it
 * would also apply to every other parameterized query).
 */
const TILE_SETTINGS = '-c plan_cache_mode=force_generic_plan';
/**
 * A tile connection is kept 30 minutes idle, not pg's 10 s. A server process's first run over pages
 * it has not read before is slow however warm the shared buffers are: a scale-50 tile of open
 * tickets (11,843 rows, every page a shared-buffer hit) took 180–570 ms on a fresh connection's
 * first execution and 30–60 ms from the second, with 3,745 page faults against 414 (the process maps
 * the shared memory it touches). A connection closed after 10 s pays that again for every layer.
 */
const TILE_IDLE_MS = 30 * 60_000;
const TILE_SESSIONS = { settings: TILE_SETTINGS, idleTimeoutMillis: TILE_IDLE_MS, keepAlive: true };
let tilePool: pg.Pool | undefined;
let tileReadPool: ReadPool | undefined;

/**
 * The pool of the tiles' SQL (src/lib/server/tiles/replica.ts chooses): on the replica when `replica`
 * (one is configured; while it cannot be reached, the primary's tile pool), else on the primary.
 * Connections of their own (REDGRID_PG_POOL each) with TILE_SETTINGS, which also keep a burst of
 * tile misses at city zoom from taking every connection the API has.
 */
export function tileDb(replica: boolean): pg.Pool {
	if (replica && config.readDatabaseUrl)
		return (tileReadPool ??= replicaPool({ nameSuffix: '-read-tiles', ...TILE_SESSIONS }, () =>
			tileDb(false)
		));
	tilePool ??= createPool(databaseUrl(), config.pgPool, { nameSuffix: '-tiles', ...TILE_SESSIONS });
	return tilePool;
}

export async function closeDb(): Promise<void> {
	const pools = [pool, readPool, tilePool, tileReadPool];
	pool = readPool = tilePool = tileReadPool = undefined;
	await Promise.all(pools.map((p) => p?.end()));
}

export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Runs fn in one transaction: commits when it resolves (unless `keep` says no for its result: a dry
 * run or a refusal, which then rolls back and still returns the result), rolls back when it throws.
 */
export async function withTransaction<T>(
	fn: (client: pg.PoolClient) => Promise<T>,
	on: pg.Pool = db(),
	keep: (result: T) => boolean = () => true
): Promise<T> {
	const client = await on.connect();
	try {
		await client.query('BEGIN');
		const result = await fn(client);
		await client.query(keep(result) ? 'COMMIT' : 'ROLLBACK');
		return result;
	} catch (err) {
		await client.query('ROLLBACK').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
}
