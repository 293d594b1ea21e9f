// Base backups and point-in-time restore of the embedded cluster. The cluster archives its WAL into
// `$REDGRID_DATA_DIR/wal` (scripts/lib/cluster.ts, redgrid.conf); `npm run backup` takes a base
// backup (pg_basebackup) into `$REDGRID_DATA_DIR/backups/base-<Beijing time>/`; `npm run restore --
// --to TIME` puts the newest base backup finished before TIME in place of the data folder (the old
// one is kept beside it) and replays the archived WAL up to TIME. PostgreSQL's own mechanism:
// https://www.postgresql.org/docs/15/continuous-archiving.html
import { spawnSync } from 'node:child_process';
import {
	chmodSync,
	cpSync,
	existsSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import {
	PG_VERSION,
	ownByPostgres,
	startCluster,
	stopCluster,
	walArchiveDir,
	writeSettings
} from './cluster';

const PGBIN = `/usr/lib/postgresql/${PG_VERSION}/bin`;
/** The file in a base backup's folder that says when it finished (PostgreSQL ignores it). */
const MARKER = 'redgrid-backup.json';

/**
 * A point in time as `npm run restore -- --to` takes it: `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with a
 * `T`), then an optional zone (`Z`, `+08`, `+0800`, `+08:00`); without a zone, Beijing time (the
 * app's clock). Returns the instant, or null when the text is not such a time or the day or hour
 * does not exist (2026-02-30, 25:00).
 */
export function parseRecoveryTime(text: string): Date | null {
	const m =
		/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
			text.trim()
		);
	if (!m) return null;
	const [, y, mo, d, h, mi, s = '00', frac = ''] = m;
	if (+mo < 1 || +mo > 12 || +d < 1 || +h > 23 || +mi > 59 || +s > 59) return null;
	if (+d > new Date(Date.UTC(+y, +mo, 0)).getUTCDate()) return null;
	let zone = m[8] ?? '+08:00';
	if (/^[+-]\d{2}$/.test(zone)) zone += ':00';
	else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
	const t = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone.toUpperCase()}`);
	return Number.isNaN(t.getTime()) ? null : t;
}

export interface BaseBackup {
	dir: string;
	/** when pg_basebackup finished: the earliest instant this backup can be restored to */
	finishedAt: Date;
}

/** The base backups in `backupsDir`, oldest first. */
export function listBaseBackups(backupsDir: string): BaseBackup[] {
	if (!existsSync(backupsDir)) return [];
	return readdirSync(backupsDir)
		.filter((n) => n.startsWith('base-') && existsSync(path.join(backupsDir, n, MARKER)))
		.map((n) => {
			const dir = path.join(backupsDir, n);
			return {
				dir,
				finishedAt: new Date(JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8')).finishedAt)
			};
		})
		.sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
}

/** The newest backup finished at or before `target`, or null. */
export function backupFor(backups: BaseBackup[], target: Date): BaseBackup | null {
	let best: BaseBackup | null = null;
	for (const b of backups) if (b.finishedAt.getTime() <= target.getTime()) best = b;
	return best;
}

/** A file-name stamp in Beijing time: 20261201-100000. */
export function beijingStamp(t = new Date()): string {
	const s = t.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(/[-: ]/g, '');
	return `${s.slice(0, 8)}-${s.slice(8, 14)}`;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return await fn(c);
	} finally {
		await c.end();
	}
}

/**
 * Takes a base backup of the running cluster at `url` into `backupsDir/base-<stamp>/` (plain
 * format, with the WAL it needs). Refuses when WAL archiving is off (a cluster started before
 * archiving was configured: restart it once). Returns the backup's folder.
 */
export async function baseBackup(url: string, backupsDir: string, log: (s: string) => void): Promise<string> {
	const archiving = await withClient(
		url,
		async (c) => (await c.query('SHOW archive_mode')).rows[0].archive_mode
	);
	if (archiving !== 'on')
		throw new Error(
			'WAL archiving is off in the running cluster: stop and start it again (npm start) so that redgrid.conf takes effect'
		);
	const dir = path.join(backupsDir, `base-${beijingStamp()}`);
	if (existsSync(dir)) throw new Error(`${dir} exists already: wait a second and try again`);
	log(`base backup into ${dir}`);
	const r = spawnSync(
		`${PGBIN}/pg_basebackup`,
		['-d', url, '-D', dir, '-Fp', '-X', 'stream', '--checkpoint=fast', '--no-password'],
		{ encoding: 'utf8' }
	);
	if (r.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`pg_basebackup failed: ${(r.stderr || r.stdout).trim()}`);
	}
	// the instant the backup is consistent at, by the database's clock
	const finishedAt = await withClient(
		url,
		async (c) => (await c.query('SELECT now() AS t')).rows[0].t as Date
	);
	writeFileSync(path.join(dir, MARKER), JSON.stringify({ finishedAt: finishedAt.toISOString() }) + '\n');
	return dir;
}

/** Closes the current WAL segment and waits until the archiver has copied it (at most 60 s). */
async function archiveCurrentWal(url: string) {
	await withClient(url, async (c) => {
		const { rows } = await c.query(`SELECT pg_walfile_name(pg_switch_wal()) AS f`);
		const want = rows[0].f as string;
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			const a = await c.query(`SELECT last_archived_wal AS w, last_failed_wal AS f FROM pg_stat_archiver`);
			const done = a.rows[0].w as string | null;
			// segment names sort by timeline, then position
			if (done && done >= want) return;
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`the WAL segment ${want} was not archived within 60 s: see the cluster's server.log`);
	});
}

export interface RestoreOptions {
	/** the cluster's data folder */
	dir: string;
	port: number;
	backupsDir: string;
	target: Date;
	log: (s: string) => void;
}

/**
 * Point-in-time restore of the embedded cluster: archives the current WAL, stops the cluster,
 * moves its data folder aside (`pg.before-restore-<stamp>`, kept), copies in the newest base
 * backup finished before the target, and replays the archived WAL up to the target; then the
 * cluster is left running if it was running before. A failed replay puts the old folder back.
 * Returns the folder the previous data was moved to.
 */
export async function restoreToTime(o: RestoreOptions): Promise<string> {
	const { dir, port, target, log } = o;
	if (target.getTime() > Date.now())
		throw new Error(`${target.toISOString()} is in the future: give a time in the past`);
	const backups = listBaseBackups(o.backupsDir);
	const backup = backupFor(backups, target);
	if (!backup)
		throw new Error(
			backups.length
				? `no base backup finished before ${target.toISOString()}; the earliest finished at ${backups[0].finishedAt.toISOString()}`
				: `no base backup in ${o.backupsDir}: take one with npm run backup`
		);
	const cluster = await startCluster({ dir, port, log });
	const wasRunning = cluster.alreadyRunning;
	log('archiving the current WAL');
	await archiveCurrentWal(cluster.url('postgres'));
	log('stopping PostgreSQL');
	stopCluster(dir);

	const aside = `${dir}.before-restore-${beijingStamp()}`;
	renameSync(dir, aside);
	log(`the data folder as it was is kept in ${aside}`);
	cpSync(backup.dir, dir, { recursive: true, preserveTimestamps: true });
	rmSync(path.join(dir, MARKER), { force: true });
	chmodSync(dir, 0o700);
	ownByPostgres(dir);
	log(
		`replaying the WAL archive (${walArchiveDir(dir)}) from the base backup of ${backup.finishedAt.toISOString()} up to ${target.toISOString()}`
	);
	try {
		// PostgreSQL's own timestamptz spelling (it refuses ISO 8601's T and Z here)
		const pgTime = target.toISOString().replace('T', ' ').replace('Z', '+00');
		await startCluster({ dir, port, log, recoverTo: pgTime });
		await withClient(cluster.url('postgres'), async (c) => {
			const deadline = Date.now() + 10 * 60_000;
			while ((await c.query('SELECT pg_is_in_recovery() AS r')).rows[0].r) {
				if (Date.now() > deadline) throw new Error('the replay did not finish within 10 minutes');
				await new Promise((r) => setTimeout(r, 200));
			}
		});
	} catch (err) {
		const logTail = existsSync(path.join(dir, 'server.log'))
			? readFileSync(path.join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ')
			: '';
		try {
			stopCluster(dir, 'immediate');
		} catch {
			// not running
		}
		renameSync(dir, `${dir}.failed-restore-${beijingStamp()}`);
		renameSync(aside, dir);
		if (wasRunning) await startCluster({ dir, port, log });
		throw new Error(
			`the restore failed, the data folder is as it was: ${(err as Error).message}${logTail ? ` (${logTail})` : ''}`
		);
	}
	// recovery is over: the settings without the recovery target, for the next start
	writeSettings(dir, undefined);
	if (!wasRunning) stopCluster(dir);
	return aside;
}
