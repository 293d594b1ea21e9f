// Where tickets wait: per property company, grid cell or person, per stage, the median and p90 time
// and the count waiting now (GET /api/analysis/stages; README "Tickets: where tickets wait").
import { z } from 'zod';
import type { StageFigures, StageRow } from '../../api-types';
import { db } from '../db/pool';
import { analysisQuery } from '../analysis/query';
import { questionKey, snapshot } from '../analysis/snapshot';
import type { Scope } from '../auth/roles';
import { assertAreaInScope, assertSees, SqlWhere, ticketCondition } from '../auth/scope';
import stagesSql from './stages.sql?raw';
import workerStagesSql from './stages-worker.sql?raw';

export const StagesQuery = z.object({
	/** `worker`: per grid worker or steward, their own acts only (personal data: not for planners) */
	by: z.enum(['company', 'grid-cell', 'worker']).default('company'),
	area: z.coerce.number().int().positive().max(2_147_483_647).optional(),
	/** tickets filed in the last N days (default 90) */
	days: z.coerce.number().int().min(1).max(3660).default(90),
	limit: z.coerce.number().int().min(1).max(500).default(50)
});

/**
 * Stage times per group, most waiting first. Officials see their subtree (an `area` outside it is a
 * 403); planners see the per-company and per-cell figures city-wide, as admins do, but not
 * `by=worker`, which names people (403 naming `by`). Per worker, a stage counts only when the
 * person's own act ended it (stages-worker.sql); acts on their behalf are counted apart.
 * Per company or cell the answer reads every ticket of the window with its first sign-for (90 days:
 * about 270,000 tickets at scale 40, 1–3 s), so it is kept as the dashboard's figures are
 * (analysis/snapshot.ts, per question and scope) and `asOf` says when it was counted; per worker it
 * is counted for each request (`asOf` null).
 */
export async function waitingStages(
	q: z.infer<typeof StagesQuery>,
	scope: Scope
): Promise<{ asOf: string | null; rows: StageRow[] }> {
	if (q.area) await assertAreaInScope(db(), scope, q.area);
	if (q.by === 'worker') return { asOf: null, rows: await countStages(q, scope) };
	const stored = await snapshot(questionKey('tickets/stages', q, scope), () => countStages(q, scope));
	return { asOf: stored.asOf.toISOString(), rows: stored.value };
}

async function countStages(q: z.infer<typeof StagesQuery>, scope: Scope): Promise<StageRow[]> {
	let text: string;
	let w: SqlWhere;
	if (q.by === 'worker') {
		assertSees(scope, 'people', 'by');
		w = new SqlWhere([q.days, q.area ?? null, q.limit]);
		text = workerStagesSql.replace('/*scope*/', ticketCondition(scope, 'tickets', w));
	} else {
		w = new SqlWhere([q.by, q.days, q.area ?? null, q.limit]);
		text = stagesSql.replace('/*scope*/', ticketCondition(scope, 'ticket-counts', w));
	}
	// the stages as json_build_object gives them: numeric as text
	type Figures = Record<keyof StageFigures, unknown>;
	const rows = await analysisQuery<
		Omit<StageRow, 'signFor' | 'resolve' | 'close'> & Record<'signFor' | 'resolve' | 'close', Figures>
	>(text, w.params);
	const num = (v: unknown) => (v == null ? null : Number(v));
	const fig = (f: Figures): StageFigures => ({
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
		close: fig(r.close),
		...(r.onBehalf === undefined ? {} : { onBehalf: r.onBehalf })
	}));
}
