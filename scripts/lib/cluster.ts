// The app's own PostgreSQL + PostGIS cluster: install check, initdb, start, stop.
// PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` OS user.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	appendFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	chownSync,
	statSync,
	writeFileSync
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const PG_VERSION = 15;
const PGBIN = `/usr/lib/postgresql/${PG_VERSION}/bin`;
const POSTGIS_CONTROL = `/usr/share/postgresql/${PG_VERSION}/extension/postgis.control`;
export const POSTGIS_PACKAGE = `postgresql-${PG_VERSION}-postgis-3`;
/** pgRouting: walking distances over the road network (without it reach falls back to straight line × detour). */
const PGROUTING_CONTROL = `/usr/share/postgresql/${PG_VERSION}/extension/pgrouting.control`;
export const PGROUTING_PACKAGE = `postgresql-${PG_VERSION}-pgrouting`;

const isRoot = () => process.getuid?.() === 0;

function run(cmd: string, args: string[], asPostgres: boolean, opts: { quiet?: boolean } = {}) {
	const [c, a] = asPostgres && isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
	const res = spawnSync(c, a, { encoding: 'utf8', stdio: opts.quiet ? 'pipe' : ['ignore', 'pipe', 'pipe'] });
	if (res.status !== 0) {
		throw new Error(
			`${path.basename(cmd)} ${args.join(' ')} failed (exit ${res.status}): ${res.stderr || res.stdout}`
		);
	}
	return res.stdout;
}

/**
 * Installs PostgreSQL + PostGIS + pgRouting from Debian's packages when missing (root only).
 * pgRouting is optional: when it cannot be installed the app measures reach by straight line × detour
 * (and /api/health says so); PostGIS is required.
 */
export function ensurePostgis(log: (s: string) => void) {
	const hasPostgis = existsSync(`${PGBIN}/initdb`) && existsSync(POSTGIS_CONTROL);
	const hasPgrouting = existsSync(PGROUTING_CONTROL);
	if (hasPostgis && hasPgrouting) return;
	if (!isRoot()) {
		if (!hasPostgis)
			throw new Error(
				`PostGIS is not installed. Install it with: sudo apt-get install -y ${POSTGIS_PACKAGE} ${PGROUTING_PACKAGE}`
			);
		log(
			`pgRouting is not installed (sudo apt-get install -y ${PGROUTING_PACKAGE}): reach is straight line × detour`
		);
		return;
	}
	const wanted = [...(hasPostgis ? [] : [POSTGIS_PACKAGE]), PGROUTING_PACKAGE];
	log(`installing ${wanted.join(' ')} with apt-get (first run only)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	try {
		execFileSync('apt-get', ['install', '-y', '-qq', ...wanted], { stdio: 'ignore', env });
	} catch (err) {
		if (!hasPostgis) throw err;
		log(`could not install ${PGROUTING_PACKAGE}: reach is straight line × detour`);
	}
	if (!existsSync(POSTGIS_CONTROL))
		throw new Error(`apt-get installed ${POSTGIS_PACKAGE} but PostGIS is still missing`);
}

/** True when the postgres OS user can reach (traverse) dir: every parent needs the x bit for it. */
function reachableByPostgres(dir: string): boolean {
	if (!isRoot()) return true;
	let d = path.resolve(dir);
	while (!existsSync(d)) d = path.dirname(d);
	return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', d]).status === 0;
}

/**
 * Where the cluster lives: `wanted` when the postgres user can reach it, else a folder under
 * /var/lib/redgrid named after `wanted` (for projects cloned under a mode-700 home like /root).
 */
export function resolveClusterDir(wanted: string): { dir: string; moved: boolean } {
	const abs = path.resolve(wanted);
	if (reachableByPostgres(path.dirname(abs))) return { dir: abs, moved: false };
	const tag = createHash('sha256').update(abs).digest('hex').slice(0, 12);
	return {
		dir: path.join('/var/lib/redgrid', `${path.basename(path.dirname(abs))}-${tag}`, path.basename(abs)),
		moved: true
	};
}

export interface Cluster {
	dir: string;
	port: number;
	/** True when the cluster was already running before startCluster was called. */
	alreadyRunning: boolean;
	/** Connection string for database `db` over TCP on 127.0.0.1. */
	url(db: string): string;
}

export interface StartOptions {
	dir: string;
	port: number;
	/** fsync off and no WAL archive: only for throwaway test clusters. */
	throwaway?: boolean;
	/**
	 * Start in point-in-time recovery: replay the archived WAL up to this instant (ISO 8601), then
	 * promote (used by `npm run restore -- --to`, on a data folder copied from a base backup).
	 */
	recoverTo?: string;
	/** more server settings (`name=value`, no spaces), e.g. for a replication topology */
	settings?: string[];
	log?: (s: string) => void;
}

/** The WAL archive of a cluster: `wal/` beside its data folder (`$REDGRID_DATA_DIR/wal`). */
export const walArchiveDir = (dir: string) => path.join(path.dirname(dir), 'wal');

/** uid and gid of the postgres OS user (as root), or null when not root. */
function postgresIds(): { uid: number; gid: number } | null {
	if (!isRoot()) return null;
	return {
		uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
		gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
	};
}

/** Makes `dir` (and its missing parents) owned by the postgres OS user when running as root. */
export function ownByPostgres(dir: string) {
	const ids = postgresIds();
	if (ids) execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
}

/**
 * The app's own settings, in `redgrid.conf` of the data folder (included from postgresql.conf,
 * rewritten on every start): WAL archiving into `walArchiveDir` (a segment is copied there when
 * full, or after `archive_timeout` = 60 s of traffic, so a point-in-time restore loses at most a
 * minute), and the recovery target while a restore replays the archive.
 */
export function writeSettings(dir: string, recoverTo: string | undefined) {
	const wal = walArchiveDir(dir);
	if (/['\\]/.test(wal))
		throw new Error(`the WAL archive folder ${wal} must not contain quotes or backslashes`);
	if (!existsSync(wal)) {
		mkdirSync(wal, { recursive: true, mode: 0o700 });
		ownByPostgres(wal);
	}
	const lines = [
		'# written by RedGrid on every start (scripts/lib/cluster.ts); edit postgresql.conf instead',
		'wal_level = replica',
		'archive_mode = on',
		`archive_command = 'test ! -f ${wal}/%f && cp %p ${wal}/%f'`,
		'archive_timeout = 60'
	];
	if (recoverTo)
		lines.push(
			`restore_command = 'cp ${wal}/%f %p'`,
			`recovery_target_time = '${recoverTo}'`,
			"recovery_target_action = 'promote'"
		);
	writeFileSync(path.join(dir, 'redgrid.conf'), lines.join('\n') + '\n', { mode: 0o644 });
	const main = path.join(dir, 'postgresql.conf');
	if (!readFileSync(main, 'utf8').includes("include_if_exists = 'redgrid.conf'"))
		appendFileSync(main, "\ninclude_if_exists = 'redgrid.conf'\n");
	if (recoverTo) {
		writeFileSync(path.join(dir, 'recovery.signal'), '');
		ownByPostgres(path.join(dir, 'recovery.signal'));
	}
}

export async function startCluster(opts: StartOptions): Promise<Cluster> {
	const log = opts.log ?? (() => {});
	const { dir, port } = opts;
	if (!existsSync(path.join(dir, 'PG_VERSION'))) {
		mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
		mkdirSync(dir, { recursive: true, mode: 0o700 });
		const ids = postgresIds();
		if (ids) chownSync(dir, ids.uid, ids.gid);
		log(`creating the database cluster in ${dir}`);
		run(`${PGBIN}/initdb`, ['-D', dir, '-U', 'app', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], true);
	}
	const pidFile = path.join(dir, 'postmaster.pid');
	const running = existsSync(pidFile) && pidAlive(Number(readFileSync(pidFile, 'utf8').split('\n')[0]));
	if (!running) {
		if (await portInUse(port))
			throw new Error(`port ${port} is taken by another program: set REDGRID_PG_PORT to a free port`);
		const settings = [
			`-p ${port}`,
			`-k ${dir}`,
			`-c listen_addresses=127.0.0.1`,
			`-c timezone=Asia/Shanghai`
		];
		if (opts.throwaway) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
		else writeSettings(dir, opts.recoverTo);
		for (const s of opts.settings ?? []) settings.push(`-c ${s}`);
		log(`starting PostgreSQL on 127.0.0.1:${port} (socket in ${dir})`);
		run(
			`${PGBIN}/pg_ctl`,
			['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start'],
			true
		);
	} else {
		log(`PostgreSQL already running in ${dir}`);
	}
	return { dir, port, alreadyRunning: running, url: (db) => `postgres://app@127.0.0.1:${port}/${db}` };
}

export function stopCluster(dir: string, mode: 'fast' | 'immediate' = 'fast') {
	if (!existsSync(path.join(dir, 'postmaster.pid'))) return;
	run(`${PGBIN}/pg_ctl`, ['-D', dir, '-m', mode, '-w', 'stop'], true, { quiet: true });
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export function portInUse(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.once('error', () => resolve(true));
		s.once('listening', () => s.close(() => resolve(false)));
		s.listen(port, '127.0.0.1');
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

/** Creates database `name` if missing (connecting to the maintenance database). */
export async function ensureDatabase(cluster: Cluster, name: string) {
	const pg = (await import('pg')).default;
	const c = new pg.Client({ connectionString: cluster.url('postgres') });
	await c.connect();
	try {
		const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (exists.rowCount === 0) await c.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
	} finally {
		await c.end();
	}
}

export const dirMtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0);
