import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, db } from '../../src/lib/server/db/pool';
import { one } from './helpers';

const run = (...args: string[]) =>
	spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
		encoding: 'utf8',
		env: process.env
	});

const dirs: string[] = [];
/** A scratch folder for a dump, removed after the file's tests. */
const scratch = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'redgrid-backup-'));
	dirs.push(dir);
	return dir;
};
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('npm run backup / restore', () => {
	it('restores the database as it was at the backup', async () => {
		const dir = scratch();
		const file = path.join(dir, 'b.dump');
		const before = await one<{ t: number }>('SELECT count(*)::int AS t FROM tickets');
		const b = run('backup', file);
		expect(b.status, b.stderr).toBe(0);
		await db().query(
			`INSERT INTO working_calendar (day, is_working, note) VALUES ('2031-01-01', false, 'after the backup')`
		);
		await closeDb(); // pg_restore --clean drops tables: no open connections of ours in the way
		const r = run('restore', file);
		expect(r.status, r.stderr).toBe(0);
		expect((await db().query(`SELECT * FROM working_calendar WHERE day = '2031-01-01'`)).rows).toEqual([]);
		expect((await one<{ t: number }>('SELECT count(*)::int AS t FROM tickets')).t).toBe(before.t);
	});

	it('refuses a file that is not a dump and changes nothing', async () => {
		const dir = scratch();
		const file = path.join(dir, 'not-a-dump.dump');
		writeFileSync(file, 'hello');
		const before = await one<{ t: number }>('SELECT count(*)::int AS t FROM tickets');
		const r = run('restore', file);
		expect(r.status).toBe(2);
		expect(r.stderr).toMatch(/not a pg_dump custom-format file/);
		expect((await one<{ t: number }>('SELECT count(*)::int AS t FROM tickets')).t).toBe(before.t);
	});
});
