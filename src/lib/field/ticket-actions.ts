// The ticket actions a field worker is offered on /my-grid, and what each needs: the ticket
// workflow's own answer ($lib/tickets/workflow: availableActions, RULES), limited to the actions
// done in the field (accept, start, resolve, return, note), in the order a worker needs them.
// The server decides again with the same rules.
import type { Role } from '$lib/server/auth/roles';
import { availableActions, RULES, type Action, type Status } from '$lib/tickets/workflow';

export const FIELD_ACTIONS = [
	'accept',
	'start',
	'resolve',
	'return',
	'note'
] as const satisfies readonly Action[];
export type FieldAction = (typeof FIELD_ACTIONS)[number];
export type Need = 'note' | 'reason';

/** The field actions this worker may take on this ticket now. */
export function fieldActions(
	ticket: { status: string; assigneeId: number | null; overdue?: boolean },
	actor: { role: string; personId: number | null }
): FieldAction[] {
	const allowed = new Set<Action>(
		availableActions(
			{ status: ticket.status as Status, assigneeId: ticket.assigneeId, overdue: ticket.overdue ?? false },
			{ role: actor.role as Role, personId: actor.personId }
		)
	);
	return FIELD_ACTIONS.filter((a) => allowed.has(a));
}

/** The text fields an action needs (a resolve needs a note, a return a reason). */
export const needsOf = (a: FieldAction): readonly Need[] =>
	RULES[a].needs.filter((n): n is Need => n === 'note' || n === 'reason');
