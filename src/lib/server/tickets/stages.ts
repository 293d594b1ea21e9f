// Where tickets wait: per property company or grid cell, per stage, the median and p90 time and
// the count waiting now (GET /api/analysis/stages; README "Tickets: where tickets wait").
import { z } from 'zod';
import { db } from '../db/pool';
import type { Scope } from '../auth/roles';
import { assertAreaInScope, SqlWhere, ticketCondition } from '../auth/scope';
import stagesSql from './stages.sql?raw';

export const StagesQuery = z.object({
	by: z.enum(['company', 'grid-cell']).default('company'),
	area: z.coerce.number().int().positive().max(2_147_483_647).optional(),
	/** tickets filed in the last N days (default 90) */
	days: z.coerce.number().int().min(1).max(3660).default(90),
	limit: z.coerce.number().int().min(1).max(500).default(50)
});

export interface StageFigures {
	/** hours; null when no ticket finished the stage */
	medianH: number | null;
	p90H: number | null;
	waiting: number;
}

export interface StageRow {
	/** the company's or grid cell's id; null: tickets with none */
	id: number | null;
	name: string | null;
	tickets: number;
	signFor: StageFigures;
	resolve: StageFigures;
	close: StageFigures;
}

/**
 * Stage times per group, most waiting first. Officials see their subtree (an `area` outside it is a
 * 403); planners see these aggregated figures city-wide, as admins do.
 */
export async function waitingStages(q: z.infer<typeof StagesQuery>, scope: Scope): Promise<StageRow[]> {
	if (q.area) await assertAreaInScope(db(), scope, q.area);
	const w = new SqlWhere([q.by, q.days, q.area ?? null, q.limit]);
	const { rows } = await db().query(
		stagesSql.replace('/*scope*/', ticketCondition(scope, 'ticket-counts', w)),
		w.params
	);
	const num = (v: unknown) => (v == null ? null : Number(v));
	const fig = (f: { medianH: unknown; p90H: unknown; waiting: unknown }): StageFigures => ({
		medianH: num(f.medianH),
		p90H: num(f.p90H),
		waiting: Number(f.waiting)
	});
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		tickets: r.tickets,
		signFor: fig(r.signFor),
		resolve: fig(r.resolve),
		close: fig(r.close)
	}));
}
