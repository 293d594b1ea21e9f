import { describe, expect, it } from 'vitest';
import {
	ACTIONS,
	availableActions,
	decide,
	STATUSES,
	type Action,
	type ActionInput,
	type Status
} from './workflow';

// The allowed source states, written out by hand from the workflow diagram (not from RULES).
const ALLOWED_FROM: Record<Action, Status[]> = {
	dispatch: ['new'],
	accept: ['assigned'],
	start: ['accepted'],
	resolve: ['accepted', 'in_progress'],
	close: ['resolved'],
	reject: ['new', 'assigned'],
	reopen: ['resolved', 'closed'],
	reassign: ['assigned', 'accepted', 'in_progress'],
	return: ['assigned', 'accepted'],
	supervise: ['new', 'assigned', 'accepted', 'in_progress'],
	note: ['new', 'assigned', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected'],
	extend: ['assigned', 'accepted', 'in_progress'],
	approve_extension: ['new', 'assigned', 'accepted', 'in_progress'],
	refuse_extension: ['new', 'assigned', 'accepted', 'in_progress'],
	suspend: ['assigned', 'accepted', 'in_progress'],
	resume: ['new', 'assigned', 'accepted', 'in_progress'],
	merge: ['new', 'assigned', 'accepted', 'in_progress'],
	callback: ['closed'],
	return_upstream: ['new', 'assigned']
};
const EXPECTED_TO: Partial<Record<Action, Status>> = {
	dispatch: 'assigned',
	accept: 'accepted',
	start: 'in_progress',
	resolve: 'resolved',
	close: 'closed',
	reject: 'rejected',
	reassign: 'assigned',
	return: 'new',
	merge: 'rejected',
	return_upstream: 'rejected'
};

const full = (action: Action): ActionInput => ({
	action,
	assigneeId: 99,
	reason: 'why',
	note: 'done',
	satisfaction: 4,
	days: 3,
	masterId: 1,
	reached: true,
	satisfied: true
});
const past = new Date('2020-01-01T00:00:00Z');
const admin = { role: 'admin' as const, personId: null };

describe('workflow transitions', () => {
	for (const action of ACTIONS) {
		for (const status of STATUSES) {
			const allowed = ALLOWED_FROM[action].includes(status);
			it(`${action} from ${status}: ${allowed ? 'allowed' : 'refused'}`, () => {
				// resume needs a suspended ticket, an extension's decision a waiting request
				const d = decide(
					{
						status,
						assigneeId: 7,
						dueAt: past,
						suspended: action === 'resume',
						extensionPending: action === 'approve_extension' || action === 'refuse_extension'
					},
					full(action),
					admin
				);
				if (allowed) {
					expect(d.ok).toBe(true);
					if (d.ok && EXPECTED_TO[action]) expect(d.to).toBe(EXPECTED_TO[action]);
					if (d.ok && (action === 'supervise' || action === 'note' || action === 'suspend'))
						expect(d.to).toBe(status);
				} else {
					expect(d).toMatchObject({ ok: false, status: 409 });
				}
			});
		}
	}
});

describe('who may act', () => {
	const ticket = { status: 'assigned' as Status, assigneeId: 7, dueAt: past };
	it('lets the assignee accept, and refuses another grid worker', () => {
		expect(decide(ticket, { action: 'accept' }, { role: 'grid_worker', personId: 7 }).ok).toBe(true);
		expect(decide(ticket, { action: 'accept' }, { role: 'grid_worker', personId: 8 })).toMatchObject({
			ok: false,
			status: 403
		});
	});
	it('never lets a planner act', () => {
		for (const action of ACTIONS)
			expect(decide(ticket, full(action), { role: 'planner', personId: null })).toMatchObject({
				ok: false,
				status: 403
			});
	});
	it('keeps dispatch, close, reject and reassign for officials and admins', () => {
		for (const action of ['dispatch', 'close', 'reject', 'reassign', 'reopen', 'supervise'] as Action[]) {
			expect(decide(ticket, full(action), { role: 'grid_worker', personId: 7 })).toMatchObject({
				ok: false,
				status: 403
			});
		}
	});
	it('lets the assignee return a ticket to the dispatch queue, clearing the assignee', () => {
		expect(
			decide(ticket, { action: 'return', reason: 'not my zone' }, { role: 'grid_worker', personId: 7 })
		).toMatchObject({ ok: true, to: 'new', assigneeId: null });
	});
});

describe('what an action needs', () => {
	const resolved = { status: 'resolved' as Status, assigneeId: 7, dueAt: past };
	it('names the missing field', () => {
		expect(decide(resolved, { action: 'close' }, admin)).toMatchObject({
			ok: false,
			status: 400,
			field: 'satisfaction'
		});
		expect(decide(resolved, { action: 'reopen' }, admin)).toMatchObject({
			ok: false,
			status: 400,
			field: 'reason'
		});
		expect(decide({ ...resolved, status: 'new' }, { action: 'dispatch' }, admin)).toMatchObject({
			ok: false,
			field: 'assigneeId'
		});
	});
	it('accepts satisfaction 1–5 only', () => {
		expect(decide(resolved, { action: 'close', satisfaction: 6 }, admin)).toMatchObject({
			ok: false,
			field: 'satisfaction'
		});
		expect(decide(resolved, { action: 'close', satisfaction: 5 }, admin)).toMatchObject({
			ok: true,
			to: 'closed'
		});
	});
	it('supervises only overdue tickets', () => {
		const future = { status: 'assigned' as Status, assigneeId: 7, dueAt: new Date(Date.now() + 3600_000) };
		expect(decide(future, { action: 'supervise' }, admin)).toMatchObject({ ok: false, status: 409 });
	});
	it('supervises (督办) before the deadline once a ticket is at risk, and offers it then', async () => {
		const { availableActions } = await import('./workflow');
		const future = { status: 'assigned' as Status, assigneeId: 7, dueAt: new Date(Date.now() + 3600_000) };
		expect(decide({ ...future, atRisk: true }, { action: 'supervise' }, admin)).toMatchObject({
			ok: true,
			event: 'supervised'
		});
		expect(availableActions({ ...future, overdue: false, atRisk: true }, admin)).toContain('supervise');
		expect(availableActions({ ...future, overdue: false, atRisk: false }, admin)).not.toContain('supervise');
	});
	it('reopens to assigned when someone is assigned, else to the queue', () => {
		expect(decide(resolved, { action: 'reopen', reason: 'still leaking' }, admin)).toMatchObject({
			ok: true,
			to: 'assigned'
		});
		expect(decide({ ...resolved, assigneeId: null }, { action: 'reopen', reason: 'x' }, admin)).toMatchObject(
			{ ok: true, to: 'new' }
		);
	});
});

describe('one source of the workflow for server and page', () => {
	it('offers exactly the actions decide() allows', async () => {
		const { availableActions } = await import('./workflow');
		const actors = [
			{ role: 'admin' as const, personId: null },
			{ role: 'official' as const, personId: null },
			{ role: 'grid_worker' as const, personId: 7 },
			{ role: 'grid_worker' as const, personId: 8 },
			{ role: 'planner' as const, personId: null }
		];
		for (const status of STATUSES)
			for (const overdue of [false, true])
				for (const actor of actors) {
					const t = { status, assigneeId: 7, overdue };
					const due = new Date(Date.now() + (overdue ? -1 : 1) * 3_600_000);
					const offered = availableActions(t, actor);
					for (const action of ACTIONS) {
						const d = decide(
							{ status, assigneeId: 7, dueAt: due },
							{
								action,
								assigneeId: 9,
								reason: 'r',
								note: 'n',
								satisfaction: 4,
								days: 2,
								masterId: 1,
								reached: false
							},
							actor
						);
						expect(offered.includes(action), `${actor.role}/${actor.personId} ${action} ${status}`).toBe(
							d.ok
						);
					}
				}
	});

	it("records an official's sign-for on behalf of the assignee, and the assignee's own without", () => {
		const t = { status: 'assigned' as const, assigneeId: 7, dueAt: new Date(Date.now() + 3_600_000) };
		const byOfficial = decide(t, { action: 'accept' }, { role: 'official', personId: null });
		const byWorker = decide(t, { action: 'accept' }, { role: 'grid_worker', personId: 7 });
		expect(byOfficial).toMatchObject({ ok: true, onBehalfOf: 7 });
		expect(byWorker).toMatchObject({ ok: true, onBehalfOf: null });
		const dispatch = decide(
			{ ...t, status: 'new' },
			{ action: 'dispatch', assigneeId: 9 },
			{ role: 'official', personId: null }
		);
		expect(dispatch).toMatchObject({ ok: true, onBehalfOf: null });
	});
});

// The 12345 roles (README "Tickets: organisations that hold tickets"), written out by hand.
describe('organisations that hold tickets, and the dispatcher', () => {
	const due = new Date(Date.now() + 3_600_000);
	const byCompany = { status: 'assigned' as Status, assigneeId: null, holderCompanyId: 3, dueAt: due };
	const byDept = { status: 'assigned' as Status, assigneeId: null, holderDepartmentId: 5, dueAt: due };
	const company = (id: number) => ({ role: 'company' as const, personId: null, companyId: id });
	const department = (id: number) => ({ role: 'department' as const, personId: null, departmentId: id });
	const dispatcher = { role: 'dispatcher' as const, personId: null };

	it("lets the holding company's staff do the holder's work, and nobody else's company", () => {
		expect(decide(byCompany, { action: 'accept' }, company(3))).toMatchObject({ ok: true, to: 'accepted' });
		expect(decide(byCompany, { action: 'accept' }, company(4))).toMatchObject({ ok: false, status: 403 });
		expect(decide(byCompany, { action: 'return', reason: 'not ours' }, company(3))).toMatchObject({
			ok: true,
			to: 'new',
			assigneeId: null,
			holderCompanyId: null
		});
		// a company never dispatches, closes or rejects
		for (const action of ['dispatch', 'close', 'reject', 'reassign', 'reopen', 'supervise'] as Action[])
			expect(decide(byCompany, full(action), company(3))).toMatchObject({ ok: false, status: 403 });
	});

	it("lets the holding department's staff resolve, not another department or the grid worker", () => {
		const started = { ...byDept, status: 'in_progress' as Status };
		expect(decide(started, { action: 'resolve', note: 'pipe fixed' }, department(5))).toMatchObject({
			ok: true,
			to: 'resolved',
			holderDepartmentId: 5
		});
		expect(decide(started, { action: 'resolve', note: 'x' }, department(6))).toMatchObject({ status: 403 });
		expect(
			decide(started, { action: 'resolve', note: 'x' }, { role: 'grid_worker', personId: 7 })
		).toMatchObject({ status: 403 });
	});

	it('lets a department only read a ticket it returned: no action, not even a note, once it no longer holds it', () => {
		const returned = { status: 'new' as Status, assigneeId: null, dueAt: due };
		expect(availableActions({ ...returned, overdue: false }, department(5))).toEqual([]);
		expect(decide(returned, { action: 'note', note: '已移交' }, department(5))).toMatchObject({
			status: 403
		});
		// while it holds one it notes it
		expect(decide(byDept, { action: 'note', note: '已派人' }, department(5))).toMatchObject({ ok: true });
		// a company still notes the tickets of its compounds that someone else holds
		expect(decide({ ...returned, assigneeId: 9 }, { action: 'note', note: 'x' }, company(3))).toMatchObject({
			ok: true
		});
	});

	it('lets a dispatcher dispatch, reassign, close and reopen, but not do the holder’s work', () => {
		const fresh = { status: 'new' as Status, assigneeId: null, dueAt: due };
		expect(decide(fresh, { action: 'dispatch', companyId: 3 }, dispatcher)).toMatchObject({
			ok: true,
			to: 'assigned',
			assigneeId: null,
			holderCompanyId: 3,
			holderDepartmentId: null
		});
		expect(
			decide(byCompany, { action: 'reassign', departmentId: 5, reason: 'city pipe' }, dispatcher)
		).toMatchObject({
			ok: true,
			holderCompanyId: null,
			holderDepartmentId: 5
		});
		expect(decide(byCompany, { action: 'accept' }, dispatcher)).toMatchObject({ ok: false, status: 403 });
		expect(
			decide({ ...byCompany, status: 'resolved' }, { action: 'close', satisfaction: 4 }, dispatcher)
		).toMatchObject({ ok: true, to: 'closed' });
		// a reopened ticket goes back to the organisation that held it
		expect(
			decide({ ...byCompany, status: 'closed' }, { action: 'reopen', reason: 'still leaking' }, dispatcher)
		).toMatchObject({ ok: true, to: 'assigned', holderCompanyId: 3 });
	});

	it('refuses two holders at once, and a reassignment to the same organisation, naming the field', () => {
		const fresh = { status: 'new' as Status, assigneeId: null, dueAt: due };
		expect(decide(fresh, { action: 'dispatch', assigneeId: 7, companyId: 3 }, dispatcher)).toMatchObject({
			ok: false,
			status: 400,
			field: 'companyId',
			reason: 'one_holder'
		});
		expect(decide(byCompany, { action: 'reassign', companyId: 3, reason: 'r' }, dispatcher)).toMatchObject({
			ok: false,
			status: 400,
			field: 'companyId',
			reason: 'same_assignee'
		});
	});

	it('offers each role exactly what decide() allows on an organisation’s ticket', async () => {
		const { availableActions } = await import('./workflow');
		const actors = [
			company(3),
			company(4),
			department(5),
			dispatcher,
			{ role: 'grid_worker' as const, personId: 7 }
		];
		for (const status of STATUSES)
			for (const t of [byCompany, byDept])
				for (const actor of actors) {
					const offered = availableActions({ ...t, status, overdue: false }, actor);
					for (const action of ACTIONS) {
						const d = decide(
							{ ...t, status },
							{
								action,
								departmentId: 9,
								reason: 'r',
								note: 'n',
								satisfaction: 4,
								days: 2,
								masterId: 1,
								reached: false
							},
							actor
						);
						expect(offered.includes(action), `${actor.role} ${action} ${status}`).toBe(d.ok);
					}
				}
	});
});
