// The chain of responsibility of a ticket (README "Tickets: the chain of responsibility"):
// building → steward → grid cell and its worker → compound → property company → its party
// organization, with names; staff phones only for admins, officials (in scope) and the ticket's own
// assignee; and the SLA clock per stage.
import { db } from '../db/pool';
import type { Scope, SessionUser } from '../auth/roles';
import { stageClocks, type StageClock } from '../../tickets/stages';
import { getTicket, ticketHistory } from './service';
import chainSql from './chain.sql?raw';

export interface Chain {
	building: { id: number; number: string; floors: number } | null;
	steward: { id: number; name: string; phone: string | null } | null;
	gridCell: { id: number; code: string; name: string } | null;
	worker: { id: number; name: string; phone: string | null } | null;
	compound: { id: number; name: string; households: number } | null;
	company: { id: number; name: string; partyStatus: string | null } | null;
	/** the company's own (or joint) party branch; null: none */
	partyOrg: { id: number; name: string; kind: string } | null;
	assignee: { id: number; name: string; kind: string; phone: string | null } | null;
	/** whether phones were given (admin, official, or the ticket's assignee) */
	phones: boolean;
	stages: StageClock[];
}

/** Whether a viewer may see staff phones on this ticket: admins, officials, its own assignee. */
export const seesStaffPhones = (user: SessionUser, assigneeId: number | null) =>
	user.role === 'admin' ||
	user.role === 'official' ||
	(user.personId != null && user.personId === assigneeId);

/** The chain of a ticket in the caller's scope (403 / 404 as getTicket). */
export async function ticketChain(id: number, user: SessionUser, scope: Scope): Promise<Chain> {
	const ticket = await getTicket(id, scope);
	const r = (await db().query(chainSql, [id])).rows[0];
	const phones = seesStaffPhones(user, ticket.assigneeId);
	const phone = (p: string | null) => (phones ? p : null);
	const events = await ticketHistory(id, scope);
	return {
		building: r.buildingId ? { id: r.buildingId, number: r.buildingNumber, floors: r.buildingFloors } : null,
		steward: r.stewardId ? { id: r.stewardId, name: r.stewardName, phone: phone(r.stewardPhone) } : null,
		gridCell: r.gridCellId ? { id: r.gridCellId, code: r.gridCellCode, name: r.gridCellName } : null,
		worker: r.workerId ? { id: r.workerId, name: r.workerName, phone: phone(r.workerPhone) } : null,
		compound: r.compoundId
			? { id: r.compoundId, name: r.compoundName, households: r.compoundHouseholds }
			: null,
		company: r.companyId ? { id: r.companyId, name: r.companyName, partyStatus: r.partyStatus } : null,
		partyOrg: r.partyOrgId ? { id: r.partyOrgId, name: r.partyOrgName, kind: r.partyOrgKind } : null,
		assignee: r.assigneeId
			? { id: r.assigneeId, name: r.assigneeName, kind: r.assigneeKind, phone: phone(r.assigneePhone) }
			: null,
		phones,
		stages: stageClocks(ticket, events)
	};
}
