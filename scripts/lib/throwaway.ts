// A throwaway PostGIS cluster for tests and benchmarks: its own temp folder, a free port, fsync off.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensurePostgis, freePort, startCluster, stopCluster, type Cluster } from './cluster';

export interface Throwaway {
	cluster: Cluster;
	/** A folder beside the cluster for app data (uploads, exports). */
	scratch: string;
	/** Runs SQL on the maintenance database (CREATE / DROP DATABASE). */
	admin(sql: string): Promise<void>;
	dispose(): void;
}

export async function throwawayCluster(log: (s: string) => void): Promise<Throwaway> {
	ensurePostgis(log);
	const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-'));
	chmodSync(tmp, 0o755); // the postgres OS user must reach the cluster folder
	const dir = path.join(tmp, 'pg');
	const cluster = await startCluster({ dir, port: await freePort(), throwaway: true, log });
	return {
		cluster,
		scratch: path.join(tmp, 'data'),
		async admin(sql) {
			const c = new pg.Client({ connectionString: cluster.url('postgres') });
			await c.connect();
			try {
				await c.query(sql);
			} finally {
				await c.end();
			}
		},
		dispose() {
			try {
				stopCluster(dir, 'immediate');
			} catch (err) {
				console.error(`could not stop the throwaway cluster: ${(err as Error).message}`);
			}
			rmSync(tmp, { recursive: true, force: true });
		}
	};
}
