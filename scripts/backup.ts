// `npm run backup`: a base backup of the embedded cluster (point-in-time restore from its WAL
// archive, scripts/lib/pitr.ts); `npm run backup -- FILE` (or with DATABASE_URL): a pg_dump in
// custom format. `npm run restore -- --to TIME`: point-in-time restore of the embedded cluster;
// `npm run restore -- FILE`: restore such a dump.
import './lib/one-line-errors';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { config } from './lib/config';
import { PG_VERSION, resolveClusterDir } from './lib/cluster';
import { withTargetDatabase } from './lib/target';
import { baseBackup, beijingStamp, parseRecoveryTime, restoreToTime } from './lib/pitr';

const [mode, ...rest] = process.argv.slice(2);
const toIndex = rest.indexOf('--to');
const toArg = toIndex >= 0 ? rest[toIndex + 1] : undefined;
const fileArg = toIndex >= 0 ? undefined : rest[0];
const log = (s: string) => console.error(`[redgrid] ${s}`);
const backupsDir = path.join(config.dataDir, 'backups');
const PGBIN = `/usr/lib/postgresql/${PG_VERSION}/bin`;

const stamp = () => beijingStamp().slice(0, 13);

if (mode === 'backup' && !fileArg && !config.databaseUrl) {
	const dir = await withTargetDatabase((url) => baseBackup(url, backupsDir, log));
	console.log(`[redgrid] base backup written to ${dir}`);
} else if (mode === 'restore' && toIndex >= 0) {
	const target = toArg ? parseRecoveryTime(toArg) : null;
	if (!target) {
		console.error(
			`usage: npm run restore -- --to "2026-12-01 10:00+08"   (${toArg ? `not a time: "${toArg}"` : 'the time is missing'}; without a zone, Beijing time)`
		);
		process.exit(2);
	}
	if (config.databaseUrl) {
		console.error(
			"[redgrid] --to restores the embedded cluster from its WAL archive; with DATABASE_URL, point-in-time recovery is the database server administrator's"
		);
		process.exit(2);
	}
	const aside = await restoreToTime({
		dir: resolveClusterDir(config.pgDir).dir,
		port: config.pgPort,
		backupsDir,
		target,
		log
	});
	console.log(
		`[redgrid] restored to ${target.toISOString()}; the data as it was before is kept in ${aside} (remove it when content)`
	);
} else if (mode === 'backup') {
	const file = path.resolve(fileArg ?? path.join(config.dataDir, 'backups', `redgrid-${stamp()}.dump`));
	mkdirSync(path.dirname(file), { recursive: true });
	await withTargetDatabase(async (url) => {
		const r = spawnSync(`${PGBIN}/pg_dump`, ['--format=custom', '--no-owner', `--file=${file}`, url], {
			stdio: 'inherit'
		});
		if (r.status !== 0) throw new Error('pg_dump failed');
	});
	console.log(`[redgrid] backup written to ${file}`);
} else if (mode === 'restore') {
	if (!fileArg || !existsSync(fileArg)) {
		console.error(
			`usage: npm run restore -- FILE | --to TIME   (${fileArg ? `no such file: ${fileArg}` : 'FILE is missing'})`
		);
		process.exit(2);
	}
	const check = spawnSync(`${PGBIN}/pg_restore`, ['--list', fileArg], { encoding: 'utf8' });
	if (check.status !== 0) {
		console.error(`[redgrid] ${fileArg} is not a pg_dump custom-format file: ${check.stderr.trim()}`);
		process.exit(2);
	}
	await withTargetDatabase(
		async (url) => {
			// One transaction: a failed restore leaves the database as it was.
			const r = spawnSync(
				`${PGBIN}/pg_restore`,
				[
					'--clean',
					'--if-exists',
					'--no-owner',
					'--single-transaction',
					'--exit-on-error',
					`--dbname=${url}`,
					fileArg
				],
				{ stdio: 'inherit' }
			);
			if (r.status !== 0) throw new Error('pg_restore failed; the database is unchanged');
		},
		{ prepare: false }
	);
	console.log(`[redgrid] restored ${fileArg}`);
} else {
	console.error('usage: npm run backup [-- FILE] | npm run restore -- FILE | --to TIME');
	process.exit(2);
}
