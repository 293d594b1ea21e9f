// Scope checks and filters: the single place that turns a user's scope into "may see this area"
// and into SQL conditions on the rows they may see.
import { InputError } from '../http';
import type { Queryable } from '../db/pool';
import type { Scope } from './roles';

/** Refuses (403) an area outside the official's subtree. Planners and admins see every area. */
export async function assertAreaInScope(q: Queryable, scope: Scope, areaId: number): Promise<void> {
	if (scope.kind === 'all' || scope.kind === 'aggregates') return;
	if (scope.kind === 'area') {
		const { rows } = await q.query('SELECT 1 FROM areas WHERE id = $1 AND path @> ARRAY[$2::int]', [
			areaId,
			scope.areaId
		]);
		if (rows.length > 0) return;
	}
	throw new InputError(403, 'area', `area ${areaId} is outside your scope`);
}

/**
 * A SQL condition on a tickets row (alias t) that keeps only the tickets in scope, and its
 * parameters, numbered from `first`. Planners get no rows here: they see aggregates only.
 */
export function ticketScopeCondition(scope: Scope, first: number): { sql: string; params: unknown[] } {
	const p = `$${first}`;
	switch (scope.kind) {
		case 'all':
		case 'aggregates':
			return { sql: 'true', params: [] };
		case 'area':
			return {
				sql: `t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[${p}::int])`,
				params: [scope.areaId]
			};
		case 'grid_cells':
			return {
				sql: `t.grid_cell_id IN (SELECT id FROM grid_cells WHERE worker_id = ${p})`,
				params: [scope.personId]
			};
		case 'buildings':
			return {
				sql: `t.building_id IN (SELECT id FROM buildings WHERE steward_id = ${p})`,
				params: [scope.personId]
			};
	}
}
