// The SLA clock of one ticket, per stage: sign-for (filed → first signed for), resolve (signed for
// → resolved), close (resolved → closed). Who held the ticket in each stage, for how long, against
// which deadline. Pure: computed from the ticket's events (server) and shown by the page.

export const STAGES = ['signFor', 'resolve', 'close'] as const;
export type Stage = (typeof STAGES)[number];

export interface ClockEvent {
	at: string | Date;
	kind: string;
	/** the person holding the ticket after the event (null: the dispatch queue, or an organisation) */
	assigneeId: number | null;
	/** the holder's name: the person's, or the company's / department's when one holds it */
	assigneeName: string | null;
	/** the property company or department holding the ticket after the event (migration 350) */
	holderCompanyId?: number | null;
	holderDepartmentId?: number | null;
	actor: string | null;
	onBehalfOf: string | null;
}

export interface StageClock {
	stage: Stage;
	startedAt: string | null;
	endedAt: string | null;
	/** seconds in the stage: to its end, or to `now` while it runs; null when not reached */
	seconds: number | null;
	dueAt: string | null;
	/**
	 * past its deadline: ended after it, or still running after it — a running stage of a suspended
	 * ticket is judged at the moment it was suspended (挂起: its clock stands; resuming moves the
	 * deadline by the working time it stood)
	 */
	late: boolean;
	/** who held the ticket during the stage (its assignee when the stage ended, or now) */
	holder: string | null;
	/** who ended it, and on whose behalf when a manager did the assignee's work */
	endedBy: string | null;
	onBehalfOf: string | null;
}

const ASSIGNING = ['assigned', 'reassigned', 'reopened'];

const iso = (d: string | Date | null | undefined) => (d == null ? null : new Date(d).toISOString());

/**
 * The three stages of a ticket. The clock of a stage runs from its first start to its first end,
 * whoever acted (an act on behalf ends it too; README "Tickets: who acts"). A reopened ticket
 * keeps the first times. `now` ends the running stage's count. While the ticket is suspended
 * (`suspendedAt`), a running stage is late only if it was late when suspended.
 */
export function stageClocks(
	ticket: {
		createdAt: string | Date;
		acceptDueAt: string | Date;
		dueAt: string | Date;
		assigneeName?: string | null;
		/** the organisation holding it now (its name), when no person does */
		holderName?: string | null;
		suspendedAt?: string | Date | null;
	},
	events: ClockEvent[],
	now: Date = new Date()
): StageClock[] {
	const first = (kind: string) => events.find((e) => e.kind === kind);
	// the holder: the person, company or department after the last (re)assignment up to the stage's
	// end; events written before migration 140 carry no assignee, and then the ticket's present
	// holder stands in
	const holds = (e: ClockEvent) =>
		e.assigneeId != null || e.holderCompanyId != null || e.holderDepartmentId != null;
	const holderAt = (end: ClockEvent | undefined) => {
		let holder: string | null | undefined;
		for (const e of events) {
			if (end && new Date(e.at) > new Date(end.at)) break;
			if (e.kind === 'returned') holder = null;
			else if (ASSIGNING.includes(e.kind) && holds(e)) holder = e.assigneeName;
		}
		return holder === undefined ? (ticket.assigneeName ?? ticket.holderName ?? null) : holder;
	};
	const accepted = first('accepted');
	const resolved = first('resolved');
	const closed = first('closed');
	const spans: [Stage, string | Date | null, ClockEvent | undefined, string | Date | null][] = [
		['signFor', ticket.createdAt, accepted, ticket.acceptDueAt],
		['resolve', accepted?.at ?? null, resolved, ticket.dueAt],
		['close', resolved?.at ?? null, closed, null]
	];
	return spans.map(([stage, start, end, due]) => {
		const endAt = end ? new Date(end.at) : null;
		const seconds =
			start == null ? null : Math.round(((endAt ?? now).getTime() - new Date(start).getTime()) / 1000);
		const clock = endAt ?? (ticket.suspendedAt ? new Date(ticket.suspendedAt) : now);
		const late = due != null && start != null && clock.getTime() > new Date(due).getTime();
		return {
			stage,
			startedAt: iso(start),
			endedAt: iso(endAt),
			seconds,
			dueAt: iso(due),
			late,
			holder: start == null ? null : holderAt(end),
			endedBy: end?.actor ?? null,
			onBehalfOf: end?.onBehalfOf ?? null
		};
	});
}

/** 3 d 4 h, 5 h 20 min, 12 min: a duration for people. */
export function formatDuration(seconds: number, en = false): string {
	const m = Math.floor(seconds / 60);
	const h = Math.floor(m / 60);
	const d = Math.floor(h / 24);
	if (en) return d > 0 ? `${d} d ${h % 24} h` : h > 0 ? `${h} h ${m % 60} min` : `${m} min`;
	return d > 0 ? `${d}天${h % 24}小时` : h > 0 ? `${h}小时${m % 60}分` : `${m}分钟`;
}
