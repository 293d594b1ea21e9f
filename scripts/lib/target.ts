// The database a command-line tool works on: DATABASE_URL, or the embedded cluster (started for
// the duration of the command when it is not running, and stopped again afterwards). Either way it
// is prepared as `npm start` prepares it (migrated; in demo mode, the demo city loaded once), so a
// command run on a plain clone before any `npm start` finds the schema it needs.
import { config } from './config';
import { ensureDatabase, stopCluster } from './cluster';
import { embeddedCluster, prepareDatabase } from './database';

/** Demo mode as `npm start` decides it: REDGRID_DEMO, else on with the embedded cluster. */
const demo = () => config.demoFlag ?? !config.databaseUrl;

export interface TargetOptions {
	/** Migrate (and in demo mode seed) first: true for every command but restore, which replaces it all. */
	prepare?: boolean;
	log?: (s: string) => void;
}

export async function withTargetDatabase<T>(
	fn: (url: string) => Promise<T>,
	{ prepare = true, log = (s: string) => console.error(`[redgrid] ${s}`) }: TargetOptions = {}
): Promise<T> {
	if (config.databaseUrl) {
		if (prepare) await prepareDatabase(config.databaseUrl, demo(), log);
		return fn(config.databaseUrl);
	}
	const cluster = await embeddedCluster(config.pgDir, config.pgPort, log);
	try {
		await ensureDatabase(cluster, 'redgrid');
		if (prepare) await prepareDatabase(cluster.url('redgrid'), demo(), log);
		return await fn(cluster.url('redgrid'));
	} finally {
		if (!cluster.alreadyRunning) stopCluster(cluster.dir);
	}
}
