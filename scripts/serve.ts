// `npm start`: the embedded PostGIS cluster (unless DATABASE_URL), migrations, the demo city,
// a fresh build, and the app at http://localhost:$PORT. SIGINT/SIGTERM stop the app, then the cluster.
import type { ChildProcess } from 'node:child_process';
import { config } from './lib/config';
import { stopCluster, type Cluster } from './lib/cluster';
import { ensureGdal } from './lib/tools';
import { embeddedCluster, ensureDatabase, prepareDatabase } from './lib/database';
import { ensureBuild } from './lib/build';
import { startApp, stopApp } from './lib/app';
import { lanAddresses, tlsOption } from './https';

const log = (s: string) => console.log(`[redgrid] ${s}`);
const started = Date.now();
let cluster: Cluster | undefined;
let app: ChildProcess | undefined;
let stopping = false;

/**
 * Restarts a web server that exited without being asked to (a crash, kill -9): after 1 s, then 2, 4,
 * ... up to 30 s while it keeps failing (back to 1 s once one ran for a minute). The database keeps
 * running throughout; each restart is a line in the log.
 */
function superviseApp(child: ChildProcess, start: () => Promise<ChildProcess>) {
	let delay = 1000;
	const watch = (c: ChildProcess) => {
		const since = Date.now();
		c.once('exit', (code, signal) => {
			if (stopping) return;
			if (Date.now() - since > 60_000) delay = 1000;
			log(`the web server exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s`);
			const attempt = async () => {
				if (stopping) return;
				try {
					app = await start();
					log(`the web server is back on port ${config.port}`);
					watch(app);
				} catch (err) {
					delay = Math.min(delay * 2, 30_000);
					log(`the web server did not start (${(err as Error).message}); retrying in ${delay / 1000} s`);
					setTimeout(attempt, delay);
				}
			};
			setTimeout(attempt, delay);
			delay = Math.min(delay * 2, 30_000);
		});
	};
	watch(child);
}

async function shutdown(code: number) {
	if (stopping) return;
	stopping = true;
	if (app) {
		log('stopping the web server');
		await stopApp(app);
	}
	if (cluster) {
		log('stopping PostgreSQL');
		stopCluster(cluster.dir);
	}
	process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
	let url = config.databaseUrl;
	if (url) {
		log('using the PostgreSQL server of DATABASE_URL (no embedded cluster)');
	} else {
		cluster = await embeddedCluster(config.pgDir, config.pgPort, log);
		await ensureDatabase(cluster, 'redgrid');
		url = cluster.url('redgrid');
	}
	ensureGdal(log);
	const demo = config.demoFlag ?? !config.databaseUrl;
	log(`demo mode ${demo ? 'on' : 'off'}`);
	await prepareDatabase(url, demo, log);
	ensureBuild(log);
	const tls = tlsOption(demo, config.dataDir, log);
	const scheme = tls ? 'https' : 'http';
	log(`starting the web server on port ${config.port}${tls ? ' (HTTPS)' : ''}`);
	const appOptions = {
		port: config.port,
		databaseUrl: url,
		tls,
		env: {
			REDGRID_DEMO: demo ? '1' : '0',
			REDGRID_SIMULATOR: (config.simulatorFlag ?? demo) ? '1' : '0',
			REDGRID_DATA_DIR: config.dataDir
		}
	};
	app = await startApp(appOptions);
	superviseApp(app, () => startApp(appOptions));
	log(
		`RedGrid is ready at ${scheme}://localhost:${config.port} (${((Date.now() - started) / 1000).toFixed(1)} s)`
	);
	// phones on the same network (geolocation needs https there)
	if (tls) for (const a of lanAddresses()) log(`  from a phone: https://${a}:${config.port}`);
	if (demo) {
		log('demo logins (password redgrid-demo): admin, official, jizhou, gridworker, steward, planner');
		log('demo Open311 API key: redgrid-demo-key');
	} else {
		log('no demo data: create the first admin with `npm run user:add -- --role admin USERNAME`');
	}
} catch (err) {
	console.error(`[redgrid] start failed: ${(err as Error).message}`);
	await shutdown(1);
}
