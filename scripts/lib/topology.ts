// The scale-out topology on one machine (README, "Past one machine"): a PostgreSQL primary, a
// streaming replica made from it with pg_basebackup -R, two app instances (the built app) reading
// tiles, analysis and exports from the replica (REDGRID_READ_DATABASE_URL) and writing to the
// primary, and Debian's nginx in front of both with its own config file, prefix and port (never the
// system's nginx service). `npm run topology` starts it for a person; tests/integration/
// topology.test.ts starts it to show that the instances serve one city correctly.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
	PG_VERSION,
	ensureDatabase,
	ensurePostgis,
	freePort,
	ownByPostgres,
	startCluster,
	stopCluster,
	type Cluster
} from './cluster';
import { prepareDatabase } from './database';
import { ensureBuild } from './build';
import { startApp, stopApp } from './app';

const PGBIN = `/usr/lib/postgresql/${PG_VERSION}/bin`;
const NGINX = '/usr/sbin/nginx';
const DB = 'redgrid';
/** nginx's address towards the instances: not 127.0.0.1, the clients' on this machine */
export const NGINX_BIND = '127.0.0.2';

/**
 * Server settings of both clusters: pg_stat_statements loaded (the test reads which server ran a
 * query), hot_standby_feedback so the replica's long analysis queries are not cancelled by vacuum
 * on the primary. wal_level=replica and max_wal_senders are PostgreSQL 15's defaults, named anyway.
 */
const SETTINGS = [
	'shared_preload_libraries=pg_stat_statements',
	'pg_stat_statements.track=all',
	'wal_level=replica',
	'max_wal_senders=5',
	'hot_standby_feedback=on'
];

const isRoot = () => process.getuid?.() === 0;

/** Debian's nginx, installed with apt-get when missing (root only); its service is never started here. */
export function ensureNginx(log: (s: string) => void) {
	if (existsSync(NGINX)) return;
	if (!isRoot()) throw new Error('nginx is not installed: sudo apt-get install -y nginx');
	log("installing Debian's nginx with apt-get (first run only)");
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	execFileSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'ignore', env });
	if (!existsSync(NGINX)) throw new Error('apt-get installed nginx but /usr/sbin/nginx is missing');
}

/**
 * nginx's config for the topology: everything (pid, logs, temp files) under `prefix`, one upstream
 * of the app instances (round robin; a refused connection goes to the next one, so a dead instance
 * costs no request), and the live event stream unbuffered (`proxy_buffering off`, an hour's read
 * timeout) so each event reaches the client when it is written. The header X-Redgrid-Upstream says
 * which instance answered. The client's address goes on in X-Forwarded-For (the instances take the
 * last one: ADDRESS_HEADER, XFF_DEPTH=1), so the failed-login limit counts clients, not nginx;
 * `bind` (127.0.0.2 in the topology) makes nginx's own address differ from a client's on this
 * machine. Pure.
 */
export function nginxConfig(o: {
	prefix: string;
	port: number;
	upstreams: number[];
	user?: string;
	/** the local address nginx connects to the instances from */
	bind?: string;
}): string {
	const p = o.prefix;
	return `# written by scripts/lib/topology.ts: nginx -p ${p} -c ${p}/nginx.conf
${o.user ? `user ${o.user};\n` : ''}worker_processes 1;
pid ${p}/nginx.pid;
error_log ${p}/error.log warn;
events { worker_connections 512; }
http {
  access_log ${p}/access.log;
  client_body_temp_path ${p}/tmp/body;
  proxy_temp_path ${p}/tmp/proxy;
  fastcgi_temp_path ${p}/tmp/fastcgi;
  uwsgi_temp_path ${p}/tmp/uwsgi;
  scgi_temp_path ${p}/tmp/scgi;
  client_max_body_size 101m;
  upstream redgrid {
${o.upstreams.map((u) => `    server 127.0.0.1:${u} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${o.port};
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_next_upstream error timeout;
${o.bind ? `    proxy_bind ${o.bind};\n` : ''}
    add_header X-Redgrid-Upstream $upstream_addr always;
    location / {
      proxy_pass http://redgrid;
    }
    # the live event stream (Server-Sent Events): unbuffered, open for long
    location = /api/events {
      proxy_pass http://redgrid;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
`;
}

export interface Instance {
	name: string;
	port: number;
	url: string;
	child: ChildProcess;
}

export interface Topology {
	/** the folder of everything (clusters, app data, nginx prefix); removed by stop() */
	dir: string;
	primary: Cluster;
	replica: Cluster;
	/** the app's database on each */
	primaryUrl: string;
	replicaUrl: string;
	instances: Instance[];
	/** nginx in front of the instances */
	url: string;
	nginxPrefix: string;
	/** SIGKILLs one instance (as a crash would) and waits for it to exit */
	kill(i: Instance): Promise<void>;
	/** stops the replica (pg_ctl stop -m fast), and starts it again on its port (it resumes streaming) */
	stopReplica(): void;
	startReplica(): Promise<void>;
	stop(): Promise<void>;
}

export interface TopologyOptions {
	log?: (s: string) => void;
	/** environment of both instances (e.g. REDGRID_SIMULATOR) */
	env?: Record<string, string>;
	/**
	 * a migrated, seeded database to copy (pg_dump | pg_restore) instead of migrating and seeding
	 * afresh (the tests copy their template)
	 */
	copyFrom?: string;
}

function asPostgres(cmd: string, args: string[]) {
	const [c, a] = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
	const r = spawnSync(c, a, { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${(r.stderr || r.stdout).trim()}`);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return (await c.query<T>(sql)).rows;
	} finally {
		await c.end();
	}
}

/** Copies database `from` into the empty database `to` with pg_dump | pg_restore. */
function copyDatabase(from: string, to: string) {
	const r = spawnSync(
		'bash',
		[
			'-o',
			'pipefail',
			'-c',
			`"${PGBIN}/pg_dump" -Fc -d "$FROM" | "${PGBIN}/pg_restore" --no-owner --exit-on-error -d "$TO"`
		],
		{ encoding: 'utf8', env: { ...process.env, FROM: from, TO: to } }
	);
	if (r.status !== 0) throw new Error(`copying the database failed: ${r.stderr.trim()}`);
}

/** Starts the whole topology; on a failure stops what it had started and throws. */
export async function startTopology(opts: TopologyOptions = {}): Promise<Topology> {
	const log = opts.log ?? (() => {});
	ensurePostgis(log);
	ensureNginx(log);
	const dir = mkdtempSync(path.join(os.tmpdir(), 'redgrid-topology-'));
	chmodSync(dir, 0o755); // the postgres OS user must reach the cluster folders
	const started: { clusters: string[]; apps: ChildProcess[]; nginx?: ChildProcess } = {
		clusters: [],
		apps: []
	};

	const stopAll = async () => {
		if (started.nginx && started.nginx.exitCode === null) {
			const n = started.nginx;
			await new Promise<void>((r) => {
				n.once('exit', () => r());
				n.kill('SIGQUIT');
				setTimeout(() => n.kill('SIGKILL'), 5000).unref();
			});
		}
		await Promise.all(started.apps.map(stopApp));
		for (const d of started.clusters.reverse()) {
			try {
				stopCluster(d, 'immediate');
			} catch (err) {
				console.error(`could not stop the cluster in ${d}: ${(err as Error).message}`);
			}
		}
		rmSync(dir, { recursive: true, force: true });
	};

	try {
		// 1. the primary, with the app's database
		const primaryDir = path.join(dir, 'primary');
		const primary = await startCluster({
			dir: primaryDir,
			port: await freePort(),
			throwaway: true,
			settings: SETTINGS,
			log
		});
		started.clusters.push(primaryDir);
		await ensureDatabase(primary, DB);
		const primaryUrl = primary.url(DB);
		const t0 = Date.now();
		if (opts.copyFrom) {
			log('copying the seeded database into the primary');
			copyDatabase(opts.copyFrom, primaryUrl);
		} else await prepareDatabase(primaryUrl, true, log);
		await query(primaryUrl, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
		log(`primary ready on port ${primary.port} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

		// 2. the replica: a base backup that writes standby.signal and primary_conninfo (-R)
		const replicaDir = path.join(dir, 'replica');
		mkdirSync(replicaDir, { mode: 0o700 });
		ownByPostgres(replicaDir);
		log('base backup of the primary for the replica (pg_basebackup -R)');
		asPostgres(`${PGBIN}/pg_basebackup`, [
			'-d',
			primary.url('postgres'),
			'-D',
			replicaDir,
			'-R',
			'-X',
			'stream',
			'--checkpoint=fast',
			'--no-password'
		]);
		const replica = await startCluster({
			dir: replicaDir,
			port: await freePort(),
			throwaway: true,
			settings: SETTINGS,
			log
		});
		started.clusters.push(replicaDir);
		const replicaUrl = replica.url(DB);
		const [r] = await query<{ standby: boolean }>(replicaUrl, 'SELECT pg_is_in_recovery() AS standby');
		if (!r.standby)
			throw new Error('the replica is not in recovery: pg_basebackup -R did not make a standby');
		const deadline = Date.now() + 30_000;
		while ((await query(primary.url('postgres'), 'SELECT 1 FROM pg_stat_replication')).length === 0) {
			if (Date.now() > deadline) throw new Error('the replica did not start streaming within 30 s');
			await new Promise((res) => setTimeout(res, 100));
		}
		log(`replica streaming on port ${replica.port}`);

		// 3. two instances of the built app, one data folder (photos) between them
		ensureBuild(log);
		const dataDir = path.join(dir, 'data');
		const instances: Instance[] = [];
		for (const name of ['a', 'b']) {
			const port = await freePort();
			const child = await startApp({
				port,
				databaseUrl: primaryUrl,
				// only nginx (and this machine) reaches the instances, so the address header can be trusted
				host: '127.0.0.1',
				env: {
					REDGRID_DEMO: '1',
					REDGRID_SIMULATOR: '0',
					...opts.env,
					REDGRID_READ_DATABASE_URL: replicaUrl,
					ADDRESS_HEADER: 'x-forwarded-for',
					XFF_DEPTH: '1',
					REDGRID_DATA_DIR: dataDir,
					REDGRID_APP_NAME: `redgrid-${name}`
				},
				quiet: true
			});
			started.apps.push(child);
			instances.push({ name, port, url: `http://127.0.0.1:${port}`, child });
			log(`instance ${name} on http://127.0.0.1:${port}`);
		}

		// 4. nginx in front, with its own prefix, config and port
		const prefix = path.join(dir, 'nginx');
		for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
			mkdirSync(path.join(prefix, 'tmp', t), { recursive: true });
		const port = await freePort();
		// as root nginx's workers run as nobody: they write the temp folders
		if (isRoot()) execFileSync('chown', ['-R', 'nobody:nogroup', path.join(prefix, 'tmp')]);
		writeFileSync(
			path.join(prefix, 'nginx.conf'),
			nginxConfig({
				prefix,
				port,
				upstreams: instances.map((i) => i.port),
				bind: NGINX_BIND,
				user: isRoot() ? 'nobody nogroup' : undefined
			})
		);
		const nginxArgs = [
			'-p',
			prefix,
			'-c',
			path.join(prefix, 'nginx.conf'),
			'-e',
			path.join(prefix, 'error.log')
		];
		const check = spawnSync(NGINX, [...nginxArgs, '-t'], { encoding: 'utf8' });
		if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr.trim()}`);
		const nginx = spawn(NGINX, [...nginxArgs, '-g', 'daemon off;'], {
			stdio: ['ignore', 'ignore', 'inherit']
		});
		started.nginx = nginx;
		const url = `http://127.0.0.1:${port}`;
		const until = Date.now() + 10_000;
		for (;;) {
			if (nginx.exitCode !== null) {
				const err = path.join(prefix, 'error.log');
				throw new Error(`nginx exited: ${existsSync(err) ? readFileSync(err, 'utf8').trim() : ''}`);
			}
			try {
				if ((await fetch(`${url}/api/health`)).ok) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > until) throw new Error(`nginx did not answer on ${url} within 10 s`);
			await new Promise((res) => setTimeout(res, 100));
		}
		log(`nginx on ${url} (config ${prefix}/nginx.conf)`);

		return {
			dir,
			primary,
			replica,
			primaryUrl,
			replicaUrl,
			instances,
			url,
			nginxPrefix: prefix,
			async kill(i) {
				if (i.child.exitCode !== null || i.child.signalCode !== null) return;
				await new Promise<void>((res) => {
					i.child.once('exit', () => res());
					i.child.kill('SIGKILL');
				});
			},
			stopReplica: () => stopCluster(replicaDir, 'fast'),
			async startReplica() {
				await startCluster({ dir: replicaDir, port: replica.port, throwaway: true, settings: SETTINGS, log });
			},
			stop: stopAll
		};
	} catch (err) {
		await stopAll();
		throw err;
	}
}
