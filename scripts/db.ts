// Database lifecycle for developers: `tsx scripts/db.ts start|stop|migrate|url`.
import './lib/one-line-errors';
import { config } from './lib/config';
import { ensurePostgis, resolveClusterDir, startCluster, stopCluster, ensureDatabase } from './lib/cluster';
import { createPool } from '../src/lib/server/db/pool';
import { migrate } from '../src/lib/server/db/migrate';

const cmd = process.argv[2];
const log = (s: string) => console.log(`[redgrid] ${s}`);
const { dir } = resolveClusterDir(config.pgDir);
if (cmd === 'stop') {
	stopCluster(dir);
	log('PostgreSQL stopped');
} else if (cmd === 'start' || cmd === 'migrate' || cmd === 'url') {
	ensurePostgis(log);
	const cluster = await startCluster({ dir, port: config.pgPort, log });
	await ensureDatabase(cluster, 'redgrid');
	const url = cluster.url('redgrid');
	if (cmd === 'migrate') {
		const pool = createPool(url);
		await migrate(pool, undefined, log);
		await pool.end();
	}
	console.log(url);
} else {
	console.error('usage: tsx scripts/db.ts start|stop|migrate|url');
	process.exit(2);
}
