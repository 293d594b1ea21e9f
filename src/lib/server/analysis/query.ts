// Analytic queries run with JIT off: on these short aggregate queries LLVM compilation took longer
// (≈ 0.4 s) than the query itself, because the planner's cost estimate crosses jit_above_cost.
// work_mem: the medians sort about 100,000 values at city level, which spilled to disk at the default 4 MB.
import type pg from 'pg';
import { readDb, withTransaction } from '../db/pool';

/**
 * Runs one read-only analytic query on the read pool (the replica when one is configured, so its
 * answer may be as far behind as the replica's lag shown by /api/health) and returns its rows.
 */
export function analysisQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
	return analysisTransaction(async (c) => (await c.query<R>(sql, params)).rows);
}

/** Runs `fn` in one read transaction on the read pool, with the analytic settings above. */
function analysisTransaction<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
	return withTransaction(async (c) => {
		await c.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
		return fn(c);
	}, readDb());
}

/**
 * An analytic query's answer kept in memory while the data it comes from is unchanged (the siting
 * runs' walk graph and candidate grids). `stateSql` answers one row with a text column `state` that
 * changes whenever that data does (layer versions, a table's file node); it is read first, in the
 * same transaction and on the same server as the query, so a change committed in between only makes
 * the next call read again. The last `size` answers are kept, by parameters and state.
 */
export class KeptQuery<R extends pg.QueryResultRow, T> {
	private kept = new Map<string, T>();
	constructor(
		private readonly sql: string,
		private readonly stateSql: string,
		private readonly build: (rows: R[]) => T,
		private readonly size = 4
	) {}

	/** The answer for `params`: kept, or read and built (errors as analysisQuery's). */
	async get(params: unknown[]): Promise<T> {
		const read = await analysisTransaction(async (c) => {
			const { rows } = await c.query<{ state: string }>(this.stateSql);
			const key = JSON.stringify([params, rows[0]?.state ?? null]);
			const hit = this.kept.get(key);
			return { key, hit, rows: hit === undefined ? (await c.query<R>(this.sql, params)).rows : null };
		});
		if (read.hit !== undefined) return read.hit;
		const { key } = read;
		const value = this.build(read.rows!);
		this.kept.delete(key);
		this.kept.set(key, value);
		while (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value!);
		return value;
	}
}
