// Point-in-time restore end to end, on its own embedded cluster in a temp data folder (never the
// suite's): `npm run backup` takes a base backup, rows are written, the time is noted, more rows are
// written, `npm run restore -- --to <noted time>` brings back exactly the first rows.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/cluster';

let tmp: string;
let env: NodeJS.ProcessEnv;
let url: string;

const run = (script: string, ...args: string[]) =>
	spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env });

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		return (await c.query<T>(sql, params)).rows;
	} finally {
		await c.end();
	}
}

const notes = async () =>
	(
		await query<{ note: string }>(`SELECT note FROM working_calendar WHERE note LIKE 'pitr %' ORDER BY day`)
	).map((r) => r.note);

/** Beijing wall-clock text of an instant, without a zone (the restore reads it as Beijing time). */
const beijing = (t: Date) =>
	`${t.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' })}.${String(t.getMilliseconds()).padStart(3, '0')}`;

beforeAll(async () => {
	tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-pitr-'));
	chmodSync(tmp, 0o755); // the postgres OS user must reach the data folder
	env = {
		...process.env,
		REDGRID_DATA_DIR: path.join(tmp, 'data'),
		REDGRID_PG_PORT: String(await freePort())
	};
	env.REDGRID_DEMO = '0';
	delete env.DATABASE_URL;
}, 60_000);

afterAll(() => {
	if (tmp) {
		run('scripts/db.ts', 'stop');
		rmSync(tmp, { recursive: true, force: true });
	}
});

describe('npm run backup / npm run restore -- --to TIME', () => {
	it('restores exactly the writes made before the noted time', async () => {
		const b = run('scripts/backup.ts', 'backup');
		expect(b.status, b.stderr).toBe(0);
		expect(b.stdout).toMatch(/base backup written to .*base-\d{8}-\d{6}/);
		const backups = readdirSync(path.join(tmp, 'data', 'backups'));
		expect(backups).toHaveLength(1);

		const s = run('scripts/db.ts', 'start');
		expect(s.status, s.stderr).toBe(0);
		url = s.stdout.trim().split('\n').pop()!;
		expect((await query<{ a: string }>('SHOW archive_mode'))[0]).toEqual({ archive_mode: 'on' });

		await query(
			`INSERT INTO working_calendar (day, is_working, note) VALUES ('2031-01-01', false, 'pitr first 1'), ('2031-01-02', false, 'pitr first 2')`
		);
		await new Promise((r) => setTimeout(r, 1500));
		const noted = (await query<{ t: Date }>('SELECT now() AS t'))[0].t;
		await new Promise((r) => setTimeout(r, 1500));
		await query(
			`INSERT INTO working_calendar (day, is_working, note) VALUES ('2031-01-03', false, 'pitr later 3')`
		);
		await query(`UPDATE working_calendar SET note = 'pitr first 1 changed later' WHERE day = '2031-01-01'`);
		expect(await notes()).toEqual(['pitr first 1 changed later', 'pitr first 2', 'pitr later 3']);

		const r = run('scripts/backup.ts', 'restore', '--to', beijing(noted));
		expect(r.status, r.stderr).toBe(0);
		expect(r.stdout).toMatch(/restored to/);
		// the cluster was running before the restore: it runs after it, on the restored data
		expect(await notes()).toEqual(['pitr first 1', 'pitr first 2']);
		// the data as it was is kept beside, never deleted
		expect(readdirSync(path.join(tmp, 'data')).some((n) => n.startsWith('pg.before-restore-'))).toBe(true);
		// and the restored cluster archives and takes writes again
		await query(
			`INSERT INTO working_calendar (day, is_working, note) VALUES ('2031-01-04', false, 'pitr after')`
		);
		expect(await notes()).toEqual(['pitr first 1', 'pitr first 2', 'pitr after']);
		expect(existsSync(path.join(tmp, 'data', 'pg', 'recovery.signal'))).toBe(false);
	}, 300_000);

	it('refuses an impossible time and a time before every base backup, changing nothing', async () => {
		const bad = run('scripts/backup.ts', 'restore', '--to', '2026-02-30 10:00');
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/not a time: "2026-02-30 10:00"/);
		const early = run('scripts/backup.ts', 'restore', '--to', '2020-01-01 10:00+08');
		expect(early.status).toBe(1);
		expect(early.stderr).toMatch(/no base backup finished before 2020-01-01T02:00:00.000Z/);
		expect(await notes()).toEqual(['pitr first 1', 'pitr first 2', 'pitr after']);
	}, 120_000);
});
