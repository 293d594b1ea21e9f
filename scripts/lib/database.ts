// The app's database, from DATABASE_URL or the embedded cluster, migrated and (in demo mode) seeded.
import type pg from 'pg';
import { createPool } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import { ensureDatabase, ensurePostgis, resolveClusterDir, startCluster, type Cluster } from './cluster';

export async function embeddedCluster(
	wantedDir: string,
	port: number,
	log: (s: string) => void,
	throwaway = false
): Promise<Cluster> {
	ensurePostgis(log);
	const { dir, moved } = resolveClusterDir(wantedDir);
	if (moved) log(`the postgres user cannot reach ${wantedDir}; the cluster lives in ${dir} instead`);
	return startCluster({ dir, port, log, throwaway });
}

/** Migrates the database and, when `demo` and it holds no areas yet, loads the demo city. */
export async function prepareDatabase(
	url: string,
	demo: boolean,
	log: (s: string) => void
): Promise<{ seeded: boolean }> {
	const pool: pg.Pool = createPool(url, 4);
	try {
		await migrate(pool, undefined, log);
		if (!demo) return { seeded: false };
		const { rows } = await pool.query('SELECT count(*)::int AS n FROM areas');
		if (rows[0].n > 0) {
			log('demo data already loaded');
			return { seeded: false };
		}
		const { seedDemo } = await import('../../src/lib/server/demo/load');
		const t0 = Date.now();
		log("loading the Ji'an demo city");
		await seedDemo(pool, { log });
		log(`demo city loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
		return { seeded: true };
	} finally {
		await pool.end();
	}
}

export { ensureDatabase };
