// A small migration runner: applies sql/migrations/NNN_name.sql in order, each in its own
// transaction, and records what it applied. An advisory lock lets several instances start at once.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

const MIGRATION_LOCK = 727_001;

export async function migrate(pool: pg.Pool, dir = path.resolve('sql/migrations'), log = (_: string) => {}) {
	const client = await pool.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		const available = await client.query<{ ok: boolean }>(
			"SELECT count(*) > 0 AS ok FROM pg_available_extensions WHERE name = 'postgis'"
		);
		if (!available.rows[0].ok) {
			throw new Error(
				'PostGIS is not available on this PostgreSQL server: install it there (Debian: postgresql-15-postgis-3)'
			);
		}
		await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
			version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
		const done = new Set(
			(await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map(
				(r) => r.version
			)
		);
		const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
		const applied: string[] = [];
		for (const file of files) {
			const version = file.replace(/\.sql$/, '');
			if (done.has(version)) continue;
			const sql = await readFile(path.join(dir, file), 'utf8');
			try {
				await client.query('BEGIN');
				await client.query(sql);
				await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
				await client.query('COMMIT');
			} catch (err) {
				await client.query('ROLLBACK');
				throw new Error(`while applying migration ${file}: ${(err as Error).message}`, { cause: err });
			}
			applied.push(version);
			log(`applied migration ${version}`);
		}
		return applied;
	} finally {
		await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
		client.release();
	}
}
