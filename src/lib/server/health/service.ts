import { db } from '../db/pool';
import healthSql from './health.sql?raw';

/** The service's state for GET /api/health: versions and the main tables' row counts. */
export async function health() {
	const { rows } = await db().query(healthSql);
	const { postgres, postgis, ...counts } = rows[0];
	return { status: 'ok' as const, postgres, postgis, counts };
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
