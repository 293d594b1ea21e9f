// The ticket workflow: which action may move a ticket from which state, by whom, and what it needs.
//
//   new (reported, in the street's dispatch queue)
//     → assigned (dispatched to a grid worker) → accepted (signed for) → in_progress → resolved
//     → closed (verified, with a 1–5 satisfaction score)
//   rejected from new / assigned; reopened from resolved / closed back to assigned (or new);
//   转派 reassign and 退回 return while open; 督办 supervise an overdue ticket; notes any time.
//
// Who acts (README "Tickets: who acts"): dispatch, reassign, reject, close, reopen and supervise are
// the dispatcher's (admin, official or 12345 dispatcher in scope). Signing for (accept), start,
// resolve and return are the holder's work: the grid worker or steward the ticket is assigned to,
// or the staff of the property company or department that holds it (README "organisations that
// hold tickets"); an admin or official may do them too, and then the event records `on_behalf_of`
// the assignee, so per-worker figures can leave those acts out. A dispatcher does no holder's work.
//
// Plain data and pure functions, shared by the server (which enforces them) and the pages (which
// derive their buttons from them): the one definition of statuses and transitions.
import { OPEN_STATUSES, STATUSES, type Role, type Status } from '../codes';
import type { ErrorReason } from '../errors';

export { isOpen, OPEN_STATUSES, STATUSES, type Status } from '../codes';

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
	'note',
	// the steps of 12345 practice (README "the steps of 12345 practice", migration 351)
	'extend',
	'approve_extension',
	'refuse_extension',
	'suspend',
	'resume',
	'merge',
	'callback',
	'return_upstream'
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
	| 'note'
	| 'extension_requested'
	| 'extension_approved'
	| 'extension_refused'
	| 'suspended'
	| 'resumed'
	| 'merged'
	| 'callback'
	| 'returned_upstream';

interface Rule {
	from: readonly Status[];
	/** the new status; 'same' keeps it; 'reopen' is assigned when someone is assigned, else new */
	to: Status | 'same' | 'reopen';
	/** roles that may act on any ticket in their scope */
	managers: readonly Role[];
	/** whether the ticket's assignee (a grid worker or steward) may act too */
	assignee: boolean;
	/** `holder`: one of assigneeId, companyId, departmentId */
	needs: readonly ('holder' | 'reason' | 'satisfaction' | 'note' | 'days' | 'masterId' | 'reached')[];
	/** while the ticket is suspended: 'only' then (resume), 'also' then; absent: refused then */
	whileSuspended?: 'only' | 'also';
	/** 'pending': only while an extension request waits; 'none': only while none waits */
	extension?: 'pending' | 'none';
	event: EventKind;
	/** only when the ticket is past due (or at risk: past its warn share) and not resolved */
	overdueOnly?: boolean;
	/** the assignee's own work: a manager doing it acts on behalf of the assignee */
	assigneesWork?: boolean;
	/** cannot be undone by a later action of the same person: the page asks for confirmation */
	irreversible?: boolean;
}

/** who dispatches, reassigns, rejects, closes, reopens and supervises */
const MANAGERS: readonly Role[] = ['admin', 'official', 'dispatcher'];
/** who may do the holder's work on their behalf (a dispatcher may not) */
const ON_BEHALF: readonly Role[] = ['admin', 'official'];
const OPEN = OPEN_STATUSES;

export const RULES: Record<Action, Rule> = {
	dispatch: {
		from: ['new'],
		to: 'assigned',
		managers: MANAGERS,
		assignee: false,
		needs: ['holder'],
		event: 'assigned'
	},
	accept: {
		assigneesWork: true,
		from: ['assigned'],
		to: 'accepted',
		managers: ON_BEHALF,
		assignee: true,
		needs: [],
		event: 'accepted'
	},
	start: {
		assigneesWork: true,
		from: ['accepted'],
		to: 'in_progress',
		managers: ON_BEHALF,
		assignee: true,
		needs: [],
		event: 'started'
	},
	resolve: {
		assigneesWork: true,
		from: ['accepted', 'in_progress'],
		to: 'resolved',
		managers: ON_BEHALF,
		assignee: true,
		needs: ['note'],
		event: 'resolved'
	},
	close: {
		irreversible: true,
		from: ['resolved'],
		to: 'closed',
		managers: MANAGERS,
		assignee: false,
		needs: ['satisfaction'],
		event: 'closed'
	},
	reject: {
		irreversible: true,
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
		needs: ['holder', 'reason'],
		event: 'reassigned'
	},
	return: {
		assigneesWork: true,
		from: ['assigned', 'accepted'],
		to: 'new',
		managers: ON_BEHALF,
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
	// a department notes only what it holds (it sees the tickets it held before too, read-only)
	note: {
		from: STATUSES,
		to: 'same',
		managers: ['admin', 'official', 'grid_worker', 'steward', 'dispatcher', 'company'],
		assignee: true,
		needs: ['note'],
		event: 'note',
		whileSuspended: 'also'
	},
	// 延期: the holder asks for N more working days with a reason; a dispatcher or official decides
	extend: {
		assigneesWork: true,
		from: ['assigned', 'accepted', 'in_progress'],
		to: 'same',
		managers: ON_BEHALF,
		assignee: true,
		needs: ['days', 'reason'],
		event: 'extension_requested',
		extension: 'none'
	},
	approve_extension: {
		from: OPEN,
		to: 'same',
		managers: MANAGERS,
		assignee: false,
		needs: [],
		event: 'extension_approved',
		extension: 'pending',
		whileSuspended: 'also'
	},
	refuse_extension: {
		from: OPEN,
		to: 'same',
		managers: MANAGERS,
		assignee: false,
		needs: ['reason'],
		event: 'extension_refused',
		extension: 'pending',
		whileSuspended: 'also'
	},
	// 挂起 / 恢复: waiting for the resident or a third party stops the SLA clock until resumed
	suspend: {
		from: ['assigned', 'accepted', 'in_progress'],
		to: 'same',
		managers: MANAGERS,
		assignee: true,
		needs: ['reason'],
		event: 'suspended'
	},
	resume: {
		from: OPEN,
		to: 'same',
		managers: MANAGERS,
		assignee: true,
		needs: [],
		event: 'resumed',
		whileSuspended: 'only'
	},
	// 合并: a duplicate goes into its master (rejected, pointing at it); never into itself or a closed one
	merge: {
		irreversible: true,
		from: OPEN,
		to: 'rejected',
		managers: MANAGERS,
		assignee: false,
		needs: ['masterId'],
		event: 'merged',
		whileSuspended: 'also'
	},
	// 回访: after closing, reached / not reached and satisfied / not; not satisfied reopens it to its holder
	callback: {
		from: ['closed'],
		to: 'same',
		managers: MANAGERS,
		assignee: false,
		needs: ['reached'],
		event: 'callback'
	},
	// 退回 to the upstream platform: not the city's to handle
	return_upstream: {
		irreversible: true,
		from: ['new', 'assigned'],
		to: 'rejected',
		managers: MANAGERS,
		assignee: false,
		needs: ['reason'],
		event: 'returned_upstream',
		whileSuspended: 'also'
	}
};

/**
 * 回访 attempts per queue entry: a callback that does not reach the resident keeps the ticket in the
 * callback queue for a retry; the CALLBACK_ATTEMPTS-th miss takes it out, marked unreachable
 * (README "回访", migration 360).
 */
export const CALLBACK_ATTEMPTS = 3;

export interface ActionInput {
	action: Action;
	/** the new holder (dispatch, reassign): a person, or a property company, or a department */
	assigneeId?: number;
	companyId?: number;
	departmentId?: number;
	reason?: string;
	note?: string;
	satisfaction?: number;
	/** extend: working days asked (1 – the category's maximum) */
	days?: number;
	/** merge: the master ticket */
	masterId?: number;
	/** callback: whether the resident was reached, and (if so) satisfied */
	reached?: boolean;
	satisfied?: boolean;
}

export interface TicketState {
	status: Status;
	assigneeId: number | null;
	/** the organisation holding it, when not a person (migration 350) */
	holderCompanyId?: number | null;
	holderDepartmentId?: number | null;
	dueAt: Date;
	/** 挂起: its SLA clock stands (tickets.suspended_at set) */
	suspended?: boolean;
	/** a 延期 request waits for a decision */
	extensionPending?: boolean;
	/** past its category's warn share of the SLA, not yet due (督办 may come before the deadline) */
	atRisk?: boolean;
}

export interface Actor {
	role: Role;
	personId: number | null;
	/** the company / department a company / department user works for */
	companyId?: number | null;
	departmentId?: number | null;
}

type Holding = Pick<TicketState, 'assigneeId' | 'holderCompanyId' | 'holderDepartmentId'>;

/**
 * Whether the actor holds the ticket: its assignee (a person), or staff of the company or
 * department that holds it. A grid worker stays informed of a ticket a company holds, but does not hold it.
 */
export function isHolder(ticket: Holding, actor: Actor): boolean {
	if (ticket.holderCompanyId != null)
		return actor.role === 'company' && actor.companyId === ticket.holderCompanyId;
	if (ticket.holderDepartmentId != null)
		return actor.role === 'department' && actor.departmentId === ticket.holderDepartmentId;
	return actor.personId != null && actor.personId === ticket.assigneeId;
}

export type Decision =
	| {
			ok: true;
			to: Status;
			assigneeId: number | null;
			event: EventKind;
			/** the organisation holding the ticket after the action (null with a person, or nobody) */
			holderCompanyId: number | null;
			holderDepartmentId: number | null;
			note: string | null;
			/** the assignee whose work a manager did (accept, start, resolve, return), else null */
			onBehalfOf: number | null;
	  }
	| {
			ok: false;
			status: 400 | 403 | 409;
			field: string;
			/** why, for the pages to translate (ERROR_REASONS of src/lib/errors.ts) */
			reason: ErrorReason;
			message: string;
	  };

/** Whether this actor may take this action on this ticket at all (role, assignee), whatever its state. */
export function mayAct(action: Action, ticket: Holding, actor: Actor): boolean {
	const rule = RULES[action];
	return rule.managers.includes(actor.role) || (rule.assignee && isHolder(ticket, actor));
}

/**
 * The actions this actor can take on the ticket now: allowed for their role (or as its assignee),
 * from its status, and `supervise` only when overdue. The page shows exactly these as buttons;
 * `decide` enforces the same rules on the server.
 */
export function availableActions(
	ticket: Holding & {
		status: Status;
		overdue: boolean;
		atRisk?: boolean;
		suspended?: boolean;
		extensionPending?: boolean;
	},
	actor: Actor
): Action[] {
	return ACTIONS.filter(
		(a) =>
			mayAct(a, ticket, actor) &&
			RULES[a].from.includes(ticket.status) &&
			(!RULES[a].overdueOnly || ticket.overdue || (ticket.atRisk ?? false)) &&
			suspensionAllows(a, ticket.suspended ?? false) &&
			extensionAllows(a, ticket.extensionPending ?? false)
	);
}

/** While suspended only the actions marked whileSuspended; resume only then. */
const suspensionAllows = (a: Action, suspended: boolean) =>
	suspended ? RULES[a].whileSuspended !== undefined : RULES[a].whileSuspended !== 'only';
const extensionAllows = (a: Action, pending: boolean) =>
	RULES[a].extension === undefined || (RULES[a].extension === 'pending') === pending;

/** Decides an action on a ticket (already known to be in the actor's scope). Pure: no I/O. */
export function decide(ticket: TicketState, input: ActionInput, actor: Actor, now = new Date()): Decision {
	const rule = RULES[input.action];
	const isAssignee = isHolder(ticket, actor);
	if (!mayAct(input.action, ticket, actor)) {
		return {
			ok: false,
			status: 403,
			field: 'action',
			reason: 'role_may_not_act',
			message: `a ${actor.role} may not ${input.action} this ticket`
		};
	}
	if (!rule.from.includes(ticket.status)) {
		return {
			ok: false,
			status: 409,
			field: 'action',
			reason: 'wrong_status',
			message: `cannot ${input.action} a ticket that is ${ticket.status}`
		};
	}
	if (!suspensionAllows(input.action, ticket.suspended ?? false)) {
		return {
			ok: false,
			status: 409,
			field: 'action',
			reason: ticket.suspended ? 'suspended' : 'not_suspended',
			message: ticket.suspended
				? 'the ticket is suspended: resume it first'
				: 'only a suspended ticket can be resumed'
		};
	}
	if (!extensionAllows(input.action, ticket.extensionPending ?? false)) {
		return {
			ok: false,
			status: 409,
			field: 'action',
			reason: ticket.extensionPending ? 'extension_pending' : 'no_extension',
			message: ticket.extensionPending
				? 'an extension request waits for a decision already'
				: 'no extension request waits for a decision'
		};
	}
	if (rule.overdueOnly && ticket.dueAt.getTime() > now.getTime() && !ticket.atRisk) {
		return {
			ok: false,
			status: 409,
			field: 'action',
			reason: 'not_overdue',
			message: 'only an overdue ticket, or one past its warning share of the time, can be supervised'
		};
	}
	const holders = [input.assigneeId, input.companyId, input.departmentId].filter((v) => v != null);
	if (rule.needs.includes('holder') && holders.length > 1)
		return {
			ok: false,
			status: 400,
			field: input.companyId != null ? 'companyId' : 'departmentId',
			reason: 'one_holder',
			message:
				'give the ticket to one holder: a person (assigneeId), a company (companyId) or a department (departmentId)'
		};
	for (const need of rule.needs) {
		const field = need === 'holder' ? 'assigneeId' : need;
		const v = need === 'holder' ? holders[0] : input[need];
		if (v === undefined || v === null || v === '')
			return {
				ok: false,
				status: 400,
				field,
				reason: 'needed_for_action',
				message: `${field} is required to ${input.action}`
			};
	}
	if (input.action === 'callback' && input.reached && typeof input.satisfied !== 'boolean')
		return {
			ok: false,
			status: 400,
			field: 'satisfied',
			reason: 'needed_for_action',
			message: 'satisfied is required when the resident was reached'
		};
	if (
		rule.needs.includes('satisfaction') &&
		!(Number.isInteger(input.satisfaction) && input.satisfaction! >= 1 && input.satisfaction! <= 5)
	) {
		return {
			ok: false,
			status: 400,
			field: 'satisfaction',
			reason: 'satisfaction_range',
			message: 'satisfaction must be an integer from 1 to 5'
		};
	}
	if (
		input.action === 'reassign' &&
		(input.assigneeId != null
			? input.assigneeId === ticket.assigneeId
			: input.companyId != null
				? input.companyId === ticket.holderCompanyId
				: input.departmentId === ticket.holderDepartmentId)
	) {
		return {
			ok: false,
			status: 400,
			field: input.assigneeId != null ? 'assigneeId' : input.companyId != null ? 'companyId' : 'departmentId',
			reason: 'same_assignee',
			message: 'reassign needs a different assignee'
		};
	}
	const newHolder = rule.needs.includes('holder');
	const keep = !newHolder && input.action !== 'return';
	const assigneeId = newHolder ? (input.assigneeId ?? null) : keep ? ticket.assigneeId : null;
	const holderCompanyId = newHolder
		? (input.companyId ?? null)
		: keep
			? (ticket.holderCompanyId ?? null)
			: null;
	const holderDepartmentId = newHolder
		? (input.departmentId ?? null)
		: keep
			? (ticket.holderDepartmentId ?? null)
			: null;
	const held = assigneeId != null || holderCompanyId != null || holderDepartmentId != null;
	// a callback that found the resident not satisfied reopens the ticket to its holder
	const reopens =
		rule.to === 'reopen' ||
		(input.action === 'callback' && input.reached === true && input.satisfied === false);
	const to: Status = reopens
		? held
			? 'assigned'
			: 'new'
		: rule.to === 'same' || rule.to === 'reopen'
			? ticket.status
			: rule.to;
	const note =
		[input.reason, input.note].filter(Boolean).join(' — ') ||
		(input.satisfaction ? `satisfaction ${input.satisfaction}` : null);
	const onBehalfOf =
		rule.assigneesWork && !isAssignee && ticket.assigneeId != null ? ticket.assigneeId : null;
	return {
		ok: true,
		to,
		assigneeId,
		holderCompanyId,
		holderDepartmentId,
		event: rule.event,
		note,
		onBehalfOf
	};
}
