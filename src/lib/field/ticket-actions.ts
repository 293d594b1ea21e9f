// The ticket actions a field worker is offered on /my-grid, and what each needs. Derived from the
// ticket workflow's rules (src/lib/server/tickets/workflow.ts: the assignee may accept, start,
// resolve, return; anyone who works tickets may add a note); the server decides again.
export type FieldAction = 'accept' | 'start' | 'resolve' | 'return' | 'note';
export type Need = 'note' | 'reason';

const FROM: Record<FieldAction, readonly string[]> = {
	accept: ['assigned'],
	start: ['accepted'],
	resolve: ['accepted', 'in_progress'],
	return: ['assigned', 'accepted'],
	note: ['new', 'assigned', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected']
};
const NEEDS: Record<FieldAction, readonly Need[]> = {
	accept: [],
	start: [],
	resolve: ['note'],
	return: ['reason'],
	note: ['note']
};
/** Actions only the ticket's assignee may take (a note any ticket role may add). */
const ASSIGNEE_ONLY = new Set<FieldAction>(['accept', 'start', 'resolve', 'return']);

/** The actions this worker may take on this ticket now, in the order a worker needs them. */
export function fieldActions(
	ticket: { status: string; assigneeId: number | null },
	personId: number | null
): FieldAction[] {
	const mine = personId != null && ticket.assigneeId === personId;
	return (Object.keys(FROM) as FieldAction[]).filter(
		(a) => FROM[a].includes(ticket.status) && (!ASSIGNEE_ONLY.has(a) || mine)
	);
}

/** The text fields an action needs (a resolve needs a note, a return a reason). */
export const needsOf = (a: FieldAction): readonly Need[] => NEEDS[a];
