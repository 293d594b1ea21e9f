import { db } from '../db/pool';
import healthSql from './health.sql?raw';

/** The service's state for GET /api/health: versions and the main tables' row counts. */
export async function health() {
	const { rows } = await db().query(healthSql);
	const { postgres, postgis, ...counts } = rows[0];
	return { status: 'ok' as const, postgres, postgis, counts, reach: await reachRule() };
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
