import { db, hasReplica, replicaQuery } from '../db/pool';
import { replicaTileReads } from '../tiles/replica';
import { sitingReadAhead } from '../siting/read-ahead';
import healthSql from './health.sql?raw';
import replicaLagSql from './replica-lag.sql?raw';

/**
 * The service's state for GET /api/health: versions and the main tables' row counts, the start-up
 * read-ahead for siting (`readAhead`: until it is done the instance is busy reading the walk graph
 * and the candidate grid, seconds at city scale), and, when a read replica is configured, its lag
 * (`replica`, see replicaState).
 */
export async function health() {
	const { rows } = await db().query(healthSql);
	const { postgres, postgis, ...counts } = rows[0];
	const replica = hasReplica() ? { replica: await replicaState() } : {};
	return {
		status: 'ok' as const,
		postgres,
		postgis,
		counts,
		reach: await reachRule(),
		readAhead: sitingReadAhead(),
		...replica
	};
}

/** What /api/health says of the read replica (REDGRID_READ_DATABASE_URL). */
export type ReplicaState =
	| {
			status: 'streaming' | 'not-a-replica';
			/** WAL bytes the replica has still to replay, against the primary's current position */
			lagBytes: number;
			/** seconds since the newest transaction it replayed, 0 when it has replayed all it received */
			lagSeconds: number;
			/** pg_get_wal_replay_pause_state(): 'not paused', 'pause requested' or 'paused' */
			replay: string;
			/** tile reads since the start: replica at once, replica after waiting, primary after 1 s */
			tileReads: typeof replicaTileReads;
	  }
	| { status: 'down'; error: string; tileReads: typeof replicaTileReads };

/**
 * The replica's lag: the primary's pg_current_wal_lsn() against the replica's
 * pg_last_wal_replay_lsn() in bytes (pg_wal_lsn_diff), and in seconds since
 * pg_last_xact_replay_timestamp() while it has WAL received but not replayed (PostgreSQL's
 * monitoring functions, docs "System Administration Functions", 9.27.4). `not-a-replica` when the
 * read URL points at a server that is not in recovery (a misconfiguration: it would see no writes).
 */
export async function replicaState(): Promise<ReplicaState> {
	try {
		const { rows: p } = await db().query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
		const rows = await replicaQuery<{
			standby: boolean;
			bytes: number | null;
			seconds: number | null;
			replay: string;
		}>(replicaLagSql, [p[0].lsn]);
		const r = rows[0];
		return {
			status: r.standby ? 'streaming' : 'not-a-replica',
			lagBytes: Math.max(0, r.bytes ?? 0),
			lagSeconds: Math.max(0, Math.round((r.seconds ?? 0) * 1000) / 1000),
			replay: r.replay,
			tileReads: { ...replicaTileReads }
		};
	} catch (err) {
		return { status: 'down', error: (err as Error).message, tileReads: { ...replicaTileReads } };
	}
}

/**
 * Which reach rule is in force (README "Walking distance"): facility coverage and siting measure walks
 * over the road network (building_walk, migration 330) when pgRouting and roads are there
 * (`network`: 'network' | 'no-pgrouting' | 'no-network'; `inForce` 'network'), else straight line ×
 * detour; `networkShare` is the share of live buildings measured on the network (the rest, more than
 * 100 m from it, by straight line × detour).
 */
export async function reachRule() {
	const { rows } = await db().query<{ network: string; pgrouting: string | null; share: number | null }>(
		`SELECT walk_rule() AS network,
		   (SELECT extversion FROM pg_extension WHERE extname = 'pgrouting') AS pgrouting,
		   (SELECT round(count(DISTINCT building_id) FILTER (WHERE rule = 'network')::numeric
		      / nullif(count(DISTINCT building_id), 0), 4)::float8 FROM building_walk) AS share`
	);
	const r = rows[0];
	return {
		inForce: r.network === 'network' ? ('network' as const) : ('straight-line × detour' as const),
		network: r.network as 'network' | 'no-pgrouting' | 'no-network',
		pgrouting: r.pgrouting,
		networkShare: r.share
	};
}

/** Whether the database answers a trivial query within 2 s. */
export async function reachable(): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	try {
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('timeout')), 2000);
		});
		await Promise.race([db().query('SELECT 1'), timeout]);
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}
