// The database pools of the process: the primary's, and the read pool (a replica, when configured).
import { config } from '../config.js';
import pg from 'pg';

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

let readPool: pg.Pool | undefined;

/** True when a read replica is configured (REDGRID_READ_DATABASE_URL). */
export const hasReplica = (): boolean => Boolean(config.readDatabaseUrl);

/**
 * The pool for read-only work that may be a little behind the primary (tiles, analysis, exports):
 * the replica's (REDGRID_READ_DATABASE_URL) when one is configured, else the primary's, `db()`.
 * This is the one place that decides. Nothing written and no LISTEN may go through it (a hot
 * standby refuses both); what must see a version exactly waits for it first (tiles/replica.ts).
 */
export function readDb(): pg.Pool {
	const url = config.readDatabaseUrl;
	if (!url) return db();
	readPool ??= createPool(url, config.pgPool, '-read');
	return readPool;
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
