// The database a command-line tool works on: DATABASE_URL, or the embedded cluster (started for
// the duration of the command when it is not running, and stopped again afterwards).
import { config } from './config';
import { ensureDatabase, stopCluster } from './cluster';
import { embeddedCluster } from './database';

export async function withTargetDatabase<T>(
	fn: (url: string) => Promise<T>,
	log = (s: string) => console.error(`[redgrid] ${s}`)
): Promise<T> {
	if (config.databaseUrl) return fn(config.databaseUrl);
	const cluster = await embeddedCluster(config.pgDir, config.pgPort, log);
	try {
		await ensureDatabase(cluster, 'redgrid');
		return await fn(cluster.url('redgrid'));
	} finally {
		if (!cluster.alreadyRunning) stopCluster(cluster.dir);
	}
}
