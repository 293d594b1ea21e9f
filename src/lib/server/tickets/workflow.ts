// The ticket workflow: which action may move a ticket from which state, by whom, and what it needs.
//
//   new (reported, in the street's dispatch queue)
//     → assigned (dispatched to a grid worker) → accepted (signed for) → in_progress → resolved
//     → closed (verified, with a 1–5 satisfaction score)
//   rejected from new / assigned; reopened from resolved / closed back to assigned (or new);
//   转派 reassign and 退回 return while open; 督办 supervise an overdue ticket; notes any time.
import type { Role } from '../auth/roles';

export const STATUSES = [
	'new',
	'assigned',
	'accepted',
	'in_progress',
	'resolved',
	'closed',
	'rejected'
] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['new', 'assigned', 'accepted', 'in_progress'];

export const ACTIONS = [
	'dispatch',
	'accept',
	'start',
	'resolve',
	'close',
	'reject',
	'reopen',
	'reassign',
	'return',
	'supervise',
	'note'
] as const;
export type Action = (typeof ACTIONS)[number];

type EventKind =
	| 'assigned'
	| 'accepted'
	| 'started'
	| 'resolved'
	| 'closed'
	| 'rejected'
	| 'reopened'
	| 'reassigned'
	| 'returned'
	| 'supervised'
	| 'note';

interface Rule {
	from: readonly Status[];
	/** the new status; 'same' keeps it; 'reopen' is assigned when someone is assigned, else new */
	to: Status | 'same' | 'reopen';
	/** roles that may act on any ticket in their scope */
	managers: readonly Role[];
	/** whether the ticket's assignee (a grid worker or steward) may act too */
	assignee: boolean;
	needs: readonly ('assigneeId' | 'reason' | 'satisfaction' | 'note')[];
	event: EventKind;
	/** only when the ticket is past due and not resolved */
	overdueOnly?: boolean;
}

const MANAGERS: readonly Role[] = ['admin', 'official'];
const OPEN = OPEN_STATUSES;

export const RULES: Record<Action, Rule> = {
	dispatch: {
		from: ['new'],
		to: 'assigned',
		managers: MANAGERS,
		assignee: false,
		needs: ['assigneeId'],
		event: 'assigned'
	},
	accept: {
		from: ['assigned'],
		to: 'accepted',
		managers: MANAGERS,
		assignee: true,
		needs: [],
		event: 'accepted'
	},
	start: {
		from: ['accepted'],
		to: 'in_progress',
		managers: MANAGERS,
		assignee: true,
		needs: [],
		event: 'started'
	},
	resolve: {
		from: ['accepted', 'in_progress'],
		to: 'resolved',
		managers: MANAGERS,
		assignee: true,
		needs: ['note'],
		event: 'resolved'
	},
	close: {
		from: ['resolved'],
		to: 'closed',
		managers: MANAGERS,
		assignee: false,
		needs: ['satisfaction'],
		event: 'closed'
	},
	reject: {
		from: ['new', 'assigned'],
		to: 'rejected',
		managers: MANAGERS,
		assignee: false,
		needs: ['reason'],
		event: 'rejected'
	},
	reopen: {
		from: ['resolved', 'closed'],
		to: 'reopen',
		managers: MANAGERS,
		assignee: false,
		needs: ['reason'],
		event: 'reopened'
	},
	reassign: {
		from: ['assigned', 'accepted', 'in_progress'],
		to: 'assigned',
		managers: MANAGERS,
		assignee: false,
		needs: ['assigneeId', 'reason'],
		event: 'reassigned'
	},
	return: {
		from: ['assigned', 'accepted'],
		to: 'new',
		managers: MANAGERS,
		assignee: true,
		needs: ['reason'],
		event: 'returned'
	},
	supervise: {
		from: OPEN,
		to: 'same',
		managers: MANAGERS,
		assignee: false,
		needs: [],
		event: 'supervised',
		overdueOnly: true
	},
	note: {
		from: STATUSES,
		to: 'same',
		managers: ['admin', 'official', 'grid_worker', 'steward'],
		assignee: true,
		needs: ['note'],
		event: 'note'
	}
};

export interface ActionInput {
	action: Action;
	assigneeId?: number;
	reason?: string;
	note?: string;
	satisfaction?: number;
}

export interface TicketState {
	status: Status;
	assigneeId: number | null;
	dueAt: Date;
}

export interface Actor {
	role: Role;
	personId: number | null;
}

export type Decision =
	| { ok: true; to: Status; assigneeId: number | null; event: EventKind; note: string | null }
	| { ok: false; status: 400 | 403 | 409; field: string; message: string };

/** Decides an action on a ticket (already known to be in the actor's scope). Pure: no I/O. */
export function decide(ticket: TicketState, input: ActionInput, actor: Actor, now = new Date()): Decision {
	const rule = RULES[input.action];
	const isAssignee = actor.personId != null && actor.personId === ticket.assigneeId;
	if (!rule.managers.includes(actor.role) && !(rule.assignee && isAssignee)) {
		return {
			ok: false,
			status: 403,
			field: 'action',
			message: `a ${actor.role} may not ${input.action} this ticket`
		};
	}
	if (!rule.from.includes(ticket.status)) {
		return {
			ok: false,
			status: 409,
			field: 'action',
			message: `cannot ${input.action} a ticket that is ${ticket.status}`
		};
	}
	if (rule.overdueOnly && ticket.dueAt.getTime() > now.getTime()) {
		return { ok: false, status: 409, field: 'action', message: 'only an overdue ticket can be supervised' };
	}
	for (const field of rule.needs) {
		const v = input[field];
		if (v === undefined || v === null || v === '')
			return { ok: false, status: 400, field, message: `${field} is required to ${input.action}` };
	}
	if (
		rule.needs.includes('satisfaction') &&
		!(Number.isInteger(input.satisfaction) && input.satisfaction! >= 1 && input.satisfaction! <= 5)
	) {
		return {
			ok: false,
			status: 400,
			field: 'satisfaction',
			message: 'satisfaction must be an integer from 1 to 5'
		};
	}
	if (input.action === 'reassign' && input.assigneeId === ticket.assigneeId) {
		return { ok: false, status: 400, field: 'assigneeId', message: 'reassign needs a different assignee' };
	}
	const assigneeId = rule.needs.includes('assigneeId')
		? input.assigneeId!
		: input.action === 'return'
			? null
			: ticket.assigneeId;
	const to =
		rule.to === 'same'
			? ticket.status
			: rule.to === 'reopen'
				? assigneeId != null
					? 'assigned'
					: 'new'
				: rule.to;
	const note =
		[input.reason, input.note].filter(Boolean).join(' — ') ||
		(input.satisfaction ? `satisfaction ${input.satisfaction}` : null);
	return { ok: true, to, assigneeId, event: rule.event, note };
}
