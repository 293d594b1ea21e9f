// Analytic queries run with JIT off: on these short aggregate queries LLVM compilation took longer
// (≈ 0.4 s) than the query itself, because the planner's cost estimate crosses jit_above_cost.
import type pg from 'pg';
import { withTransaction } from '../db/pool';

export function analysisQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
	return withTransaction(async (c) => {
		await c.query('SET LOCAL jit = off');
		return (await c.query<R>(sql, params)).rows;
	});
}
