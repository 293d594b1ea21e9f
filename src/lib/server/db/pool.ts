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

/** A pool whose sessions run on Beijing time, whatever the machine's time zone. */
export function createPool(connectionString = databaseUrl(), max = config.pgPool, nameSuffix = ''): pg.Pool {
	const p = new pg.Pool({ connectionString, max, ...connectionOptions(nameSuffix) });
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
export const connectionOptions = (suffix = '') => ({
	options: '-c timezone=Asia/Shanghai',
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
	/** A connection to the replica itself, never the primary (the lag, the tiles' version check). */
	connectReplica(): Promise<pg.PoolClient> {
		return super.connect();
	}

	connect(): Promise<pg.PoolClient>;
	connect(callback: ConnectCallback): void;
	connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
		const primary = () => (callback ? db().connect(callback) : db().connect());
		if (Date.now() < replicaDownUntil) return primary();
		if (!callback)
			return super.connect().catch((err: Error) => {
				if (!isOutage(err)) throw err;
				replicaUnreachable(err);
				return db().connect();
			});
		super.connect((err, client, done) => {
			if (err && isOutage(err)) {
				replicaUnreachable(err);
				db().connect(callback);
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
	const url = config.readDatabaseUrl;
	if (!url) return db();
	if (!readPool) {
		readPool = guardClients(
			new ReadPool({ connectionString: url, max: config.pgPool, ...connectionOptions('-read') }),
			'read pool'
		);
		readPool.on('error', (err) => {
			console.error('read pool: idle client error:', err.message);
			if (isOutage(err)) replicaUnreachable(err);
		});
	}
	return readPool;
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

export async function closeDb(): Promise<void> {
	const p = pool;
	const r = readPool;
	pool = undefined;
	readPool = undefined;
	await Promise.all([p?.end(), r?.end()]);
}

export type Queryable = pg.Pool | pg.PoolClient;

/** Runs fn in one transaction: commits when it resolves, rolls back when it throws. */
export async function withTransaction<T>(
	fn: (client: pg.PoolClient) => Promise<T>,
	on: pg.Pool = db()
): Promise<T> {
	const client = await on.connect();
	try {
		await client.query('BEGIN');
		const result = await fn(client);
		await client.query('COMMIT');
		return result;
	} catch (err) {
		await client.query('ROLLBACK').catch(() => {});
		throw err;
	} finally {
		client.release();
	}
}
