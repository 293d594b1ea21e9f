// `npm run backup [-- FILE]` and `npm run restore -- FILE`: pg_dump custom format of the app's database.
import './lib/one-line-errors';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { config } from './lib/config';
import { PG_VERSION } from './lib/cluster';
import { withTargetDatabase } from './lib/target';

const [mode, fileArg] = process.argv.slice(2);
const PGBIN = `/usr/lib/postgresql/${PG_VERSION}/bin`;

function stamp() {
	const s = new Date()
		.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })
		.replace(/[-: ]/g, '')
		.slice(0, 12);
	return `${s.slice(0, 8)}-${s.slice(8)}`;
}

if (mode === 'backup') {
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
			`usage: npm run restore -- FILE   (${fileArg ? `no such file: ${fileArg}` : 'FILE is missing'})`
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
	console.error('usage: npm run backup [-- FILE] | npm run restore -- FILE');
	process.exit(2);
}
