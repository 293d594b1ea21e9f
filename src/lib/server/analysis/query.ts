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
	return withTransaction(async (c) => {
		await c.query("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
		return (await c.query<R>(sql, params)).rows;
	}, readDb());
}
