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

/**
 * The status a ticket will have once the actions queued for it on the phone are taken, in queue
 * order (its card shows it beside "waiting to be sent", so a ticket resolved offline never shows as
 * open): each action whose workflow rule applies from the status reached so far moves it to that
 * rule's status; a note (same status), a reopen or an action the rules would refuse from there
 * changes nothing here (the server decides when it arrives).
 */
export function statusAfter(status: string, actions: readonly string[]): string {
	let s = status;
	for (const a of actions) {
		const rule = (RULES as Partial<Record<string, (typeof RULES)[Action]>>)[a];
		if (rule && rule.to !== 'same' && rule.to !== 'reopen' && rule.from.includes(s as Status)) s = rule.to;
	}
	return s;
}
