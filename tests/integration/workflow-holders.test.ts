// The 12345 workflow, part 1, on a real PostGIS: property companies and departments hold tickets,
// a company's staff see exactly the tickets of the compounds their company manages (counted against
// plain SQL), a dispatcher works tickets but edits no data, routing proposes the holder by category,
// and a holder that may not hold a ticket is refused naming the field, with nothing written.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { scopeOf, type SessionUser } from '../../src/lib/server/auth/roles';
import { accessFor, allows } from '../../src/lib/server/auth/policy';
import { assertSees, SqlWhere, ticketCondition } from '../../src/lib/server/auth/scope';
import {
	act,
	createTicket,
	getTicket,
	listTickets,
	ticketHistory
} from '../../src/lib/server/tickets/service';
import { holderOptions, RoutingRuleInput, setRoutingRule } from '../../src/lib/server/tickets/holders';
import { orphanTickets } from '../../src/lib/server/tickets/orphans';
import { createUser } from '../../src/lib/server/accounts/service';
import { ticketChain } from '../../src/lib/server/tickets/chain';
import { companyTicket, demoUser, one } from './helpers';

/** Every ticket id the list answers for a user, paging through it (500 a page). */
async function listedIds(user: SessionUser): Promise<number[]> {
	const ids: number[] = [];
	for (let before: number | undefined; ;) {
		const page = await listTickets({ limit: 500, before }, scopeOf(user));
		ids.push(...page.map((t) => Number(t.id)));
		if (page.length < 500) return ids;
		before = Number(page[page.length - 1].id);
	}
}

/** A point on a building of a compound managed by `companyId` (or by another company when `other`). */
async function pointOfCompany(companyId: number, other = false) {
	return one<{ lon: number; lat: number; compound_id: number; company_id: number }>(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat, c.id AS compound_id, c.company_id
		 FROM buildings b JOIN compounds c ON c.id = b.compound_id, ST_PointOnSurface(b.geom) p
		 WHERE c.company_id ${other ? '<>' : '='} $1 AND b.retired_at IS NULL AND c.retired_at IS NULL
		 ORDER BY b.code LIMIT 1`,
		[companyId]
	);
}

const eventsOf = async (ticketId: number) =>
	Number(
		(await one<{ n: number }>('SELECT count(*) AS n FROM ticket_events WHERE ticket_id = $1', [ticketId])).n
	);

describe('a company account', () => {
	it('sees exactly the tickets of the compounds its company manages (list and scope rule, against SQL)', async () => {
		const company = await demoUser('company');
		expect(company.companyId).toBeGreaterThan(0);
		const expected = (
			await db().query<{ id: string }>(
				`SELECT t.id FROM tickets t JOIN compounds c ON c.id = t.compound_id WHERE c.company_id = $1 ORDER BY t.id`,
				[company.companyId]
			)
		).rows.map((r) => Number(r.id));
		expect(expected.length).toBeGreaterThan(0);
		const listed = await listedIds(company);
		expect(listed.sort((a, b) => a - b)).toEqual(expected);
		// the scope rule itself, as every other route splices it
		const w = new SqlWhere();
		const cond = ticketCondition(scopeOf(company), 'tickets', w);
		const n = await one<{ n: string }>(`SELECT count(*) AS n FROM tickets t WHERE ${cond}`, w.params);
		expect(Number(n.n)).toBe(expected.length);
	});

	it("is refused another company's ticket (403 naming id) and may not act on it; nothing is written", async () => {
		const company = await demoUser('company');
		const admin = await demoUser('admin');
		const there = await pointOfCompany(company.companyId!, true);
		const { ticket } = await createTicket(
			{ category: 'water', description: '水管漏水', lon: there.lon, lat: there.lat },
			admin,
			'api'
		);
		await expect(getTicket(ticket.id, scopeOf(company))).rejects.toMatchObject({ status: 403, field: 'id' });
		const before = await eventsOf(ticket.id);
		await expect(act(ticket.id, { action: 'accept' }, company, scopeOf(company))).rejects.toMatchObject({
			status: 403,
			field: 'id'
		});
		expect(await eventsOf(ticket.id)).toBe(before);
	});

	it('sees no patrols, people or data editing', () => {
		return demoUser('company').then((u) => {
			for (const kind of ['patrols', 'people', 'edits'] as const)
				expect(() => assertSees(scopeOf(u), kind)).toThrow(/./);
		});
	});
});

describe('dispatch to an organisation', () => {
	it('gives a compound ticket to its company, whose staff sign for and resolve it; history names the company', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const worker = await demoUser('gridworker');
		const here = await pointOfCompany(company.companyId!);
		const { ticket } = await createTicket(
			{ category: 'water', description: '楼顶水箱漏水', lon: here.lon, lat: here.lat },
			dispatcher,
			'hotline'
		);
		// routing proposes the compound's company for water inside a compound
		const { rule, options } = await holderOptions(ticket.id, scopeOf(dispatcher));
		expect(rule).toBe('company');
		expect(options.filter((o) => o.proposed)).toEqual([
			expect.objectContaining({ kind: 'company', id: company.companyId })
		]);
		const assigned =
			ticket.status === 'new'
				? await act(
						ticket.id,
						{ action: 'dispatch', companyId: company.companyId! },
						dispatcher,
						scopeOf(dispatcher)
					)
				: await act(
						ticket.id,
						{ action: 'reassign', companyId: company.companyId!, reason: '小区内管道，物业处理' },
						dispatcher,
						scopeOf(dispatcher)
					);
		expect(assigned).toMatchObject({
			status: 'assigned',
			assigneeId: null,
			holderCompanyId: company.companyId
		});
		// the grid worker it was routed to no longer holds it and may not sign for it (their zone still shows it)
		if (ticket.assigneeId != null) {
			const routed = { ...worker, personId: ticket.assigneeId };
			expect((await getTicket(ticket.id, scopeOf(routed))).holderCompanyId).toBe(company.companyId);
			await expect(act(ticket.id, { action: 'accept' }, routed, scopeOf(routed))).rejects.toMatchObject({
				status: 403,
				field: 'action'
			});
		}
		// the dispatcher may not do the holder's work
		await expect(act(ticket.id, { action: 'accept' }, dispatcher, scopeOf(dispatcher))).rejects.toMatchObject(
			{ status: 403, field: 'action' }
		);
		const accepted = await act(ticket.id, { action: 'accept' }, company, scopeOf(company));
		expect(accepted.status).toBe('accepted');
		const resolved = await act(
			ticket.id,
			{ action: 'resolve', note: '已更换阀门' },
			company,
			scopeOf(company)
		);
		expect(resolved.status).toBe('resolved');
		const history = await ticketHistory(ticket.id, scopeOf(company));
		const holderName = (
			await one<{ name: string }>('SELECT name FROM property_companies WHERE id = $1', [company.companyId])
		).name;
		expect(history.at(-1)).toMatchObject({
			kind: 'resolved',
			assigneeName: holderName,
			actorRole: 'company'
		});
	});

	it('refuses a company for a ticket outside its compounds (422 naming companyId) and writes nothing', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const there = await pointOfCompany(company.companyId!, true);
		const { ticket } = await createTicket(
			{ category: 'elevator', description: '电梯困人', lon: there.lon, lat: there.lat },
			dispatcher,
			'hotline'
		);
		const before = await eventsOf(ticket.id);
		const action =
			ticket.status === 'new'
				? ({ action: 'dispatch', companyId: company.companyId! } as const)
				: ({ action: 'reassign', companyId: company.companyId!, reason: '转物业' } as const);
		await expect(act(ticket.id, action, dispatcher, scopeOf(dispatcher))).rejects.toMatchObject({
			status: 422,
			field: 'companyId',
			params: expect.objectContaining({ reason: 'holder_cannot_act' })
		});
		expect(await eventsOf(ticket.id)).toBe(before);
		const after = await one('SELECT status, assignee_id, holder_company_id FROM tickets WHERE id = $1', [
			ticket.id
		]);
		expect(after).toMatchObject({ status: ticket.status, holder_company_id: null });
	});

	it('gives a ticket outside compounds to the water department, which alone of the departments sees it', async () => {
		const dispatcher = await demoUser('dispatcher');
		const department = await demoUser('department');
		const p = await one<{ lon: number; lat: number }>(
			`SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat FROM grid_cells g, ST_PointOnSurface(g.geom) pt
			 WHERE g.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM compounds c WHERE ST_Covers(c.geom, pt))
			 ORDER BY g.code LIMIT 1`
		);
		const { ticket } = await createTicket(
			{ category: 'water', description: '路边消火栓漏水', lon: p.lon, lat: p.lat },
			dispatcher,
			'hotline'
		);
		expect(ticket.compoundId).toBeNull();
		const { rule, options } = await holderOptions(ticket.id, scopeOf(dispatcher));
		expect(rule).toBe('water');
		const proposed = options.filter((o) => o.proposed);
		expect(proposed).toEqual([expect.objectContaining({ kind: 'department', id: department.departmentId })]);
		expect(options.some((o) => o.kind === 'company')).toBe(false);
		// before: not the department's
		await expect(getTicket(ticket.id, scopeOf(department))).rejects.toMatchObject({ status: 403 });
		const held =
			ticket.status === 'new'
				? await act(
						ticket.id,
						{ action: 'dispatch', departmentId: department.departmentId! },
						dispatcher,
						scopeOf(dispatcher)
					)
				: await act(
						ticket.id,
						{ action: 'reassign', departmentId: department.departmentId!, reason: '市政管网' },
						dispatcher,
						scopeOf(dispatcher)
					);
		expect(held.holderDepartmentId).toBe(department.departmentId);
		// the page's holder and stage name the department, not a person
		const { name } = await one<{ name: string }>('SELECT name FROM departments WHERE id = $1', [
			department.departmentId
		]);
		expect(held.holderName).toBe(name);
		const chain = await ticketChain(ticket.id, department, scopeOf(department));
		expect(chain.stages[0]).toMatchObject({ stage: 'signFor', holder: name });
		/** the tickets the department holds or held, by plain SQL */
		const heldBySql = async () =>
			Number(
				(
					await one<{ n: string }>(
						`SELECT count(*) AS n FROM tickets t WHERE t.holder_department_id = $1
						   OR EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.holder_department_id = $1)`,
						[department.departmentId]
					)
				).n
			);
		const listed = await listedIds(department);
		expect(listed).toContain(ticket.id);
		expect(listed.length).toBe(await heldBySql());
		// the department returns it (not its pipe): back to the queue, still in its list, read-only
		const returned = await act(
			ticket.id,
			{ action: 'return', reason: '非供水管网' },
			department,
			scopeOf(department)
		);
		expect(returned).toMatchObject({ status: 'new', holderDepartmentId: null, assigneeId: null });
		expect((await getTicket(ticket.id, scopeOf(department))).status).toBe('new');
		const after = await listedIds(department);
		expect(after).toContain(ticket.id);
		expect(after.length).toBe(await heldBySql());
		expect((await ticketHistory(ticket.id, scopeOf(department))).at(-1)).toMatchObject({ kind: 'returned' });
		const events = await eventsOf(ticket.id);
		await expect(
			act(ticket.id, { action: 'note', note: '已移交' }, department, scopeOf(department))
		).rejects.toMatchObject({ status: 403, field: 'action' });
		expect(await eventsOf(ticket.id)).toBe(events);

		// out of scope: a ticket another department holds, which this one never held
		const other = await one<{ id: number }>(
			`INSERT INTO departments (kind, name) VALUES ('water', '测试第二供水公司') RETURNING id`
		);
		await act(ticket.id, { action: 'dispatch', departmentId: other.id }, dispatcher, scopeOf(dispatcher));
		const { ticket: second } = await createTicket(
			{ category: 'water', description: '阀门井盖缺失', lon: p.lon, lat: p.lat },
			dispatcher,
			'hotline'
		);
		await act(
			second.id,
			second.status === 'new'
				? { action: 'dispatch', departmentId: other.id }
				: { action: 'reassign', departmentId: other.id, reason: '市政管网' },
			dispatcher,
			scopeOf(dispatcher)
		);
		await expect(getTicket(second.id, scopeOf(department))).rejects.toMatchObject({ status: 403 });
		expect(await listedIds(department)).not.toContain(second.id);
		// the one it returned, now held by the other department: still in its history list
		expect(await listedIds(department)).toContain(ticket.id);
	});
});

describe('the orphan check', () => {
	it('lists a ticket whose holding company no longer manages its compound', async () => {
		const company = await demoUser('company');
		const ticket = await companyTicket();
		expect((await orphanTickets(5000)).map((o) => Number(o.id))).not.toContain(ticket.id);
		// the compound changes hands: the ticket is now held by a company that cannot work it
		const other = await one<{ id: number }>(
			'SELECT id FROM property_companies WHERE id <> $1 ORDER BY id LIMIT 1',
			[company.companyId]
		);
		await db().query('UPDATE compounds SET company_id = $2 WHERE id = $1', [ticket.compoundId, other.id]);
		try {
			const orphan = (await orphanTickets(5000)).find((o) => Number(o.id) === ticket.id);
			expect(orphan).toMatchObject({ assigneeKind: 'company', assigneeId: null });
		} finally {
			await db().query('UPDATE compounds SET company_id = $2 WHERE id = $1', [
				ticket.compoundId,
				company.companyId
			]);
		}
	});
});

describe('routing rules', () => {
	it('follow an admin’s edit, refuse a company outside compounds (422 naming holder) and unknown values (zod)', async () => {
		const dispatcher = await demoUser('dispatcher');
		const company = await demoUser('company');
		const here = await pointOfCompany(company.companyId!);
		const { ticket } = await createTicket(
			{ category: 'sanitation', description: '垃圾满溢', lon: here.lon, lat: here.lat },
			dispatcher,
			'hotline'
		);
		expect((await holderOptions(ticket.id, scopeOf(dispatcher))).rule).toBe('company');
		await setRoutingRule({ category: 'sanitation', insideCompound: true, holder: 'urban_management' });
		const after = await holderOptions(ticket.id, scopeOf(dispatcher));
		expect(after.rule).toBe('urban_management');
		expect(after.options.find((o) => o.proposed)).toMatchObject({
			kind: 'department',
			departmentKind: 'urban_management'
		});
		await expect(
			setRoutingRule({ category: 'sanitation', insideCompound: false, holder: 'company' })
		).rejects.toMatchObject({ status: 422, field: 'holder' });
		const bad = RoutingRuleInput.safeParse({ category: 'sanitation', insideCompound: true, holder: 'mayor' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0].path).toEqual(['holder']);
		await setRoutingRule({ category: 'sanitation', insideCompound: true, holder: 'company' });
	});
});

describe('the dispatcher and the new accounts', () => {
	it('keeps the dispatcher out of data editing, patrols and the admin pages, and in the ticket routes', async () => {
		const d = await demoUser('dispatcher');
		expect(() => assertSees(scopeOf(d), 'edits')).toThrow(/edit/);
		for (const [route, method] of [
			['/api/edit/[entity]', 'POST'],
			['/api/edit/[entity]/[id]', 'PATCH'],
			['/edit', 'GET'],
			['/api/patrols', 'GET'],
			['/admin/routing', 'GET'],
			['/api/import/[layer]', 'POST']
		])
			expect(allows(accessFor(route, method)!, 'dispatcher'), `${method} ${route}`).toBe(false);
		for (const [route, method] of [
			['/api/tickets', 'POST'],
			['/api/tickets/[id]/actions', 'POST'],
			['/api/tickets/[id]/candidates', 'GET'],
			['/api/tickets/[id]/holders', 'GET']
		])
			expect(allows(accessFor(route, method)!, 'dispatcher'), `${method} ${route}`).toBe(true);
	});

	it('needs a company for a company account and an area for a dispatcher (400 naming the field, nothing written)', async () => {
		const admin = await demoUser('admin');
		const before = (await one<{ n: string }>('SELECT count(*) AS n FROM users')).n;
		const base = { displayName: '测试', password: 'long-enough-pw' };
		await expect(createUser({ ...base, username: 'co-x', role: 'company' }, admin)).rejects.toMatchObject({
			status: 400,
			field: 'companyId'
		});
		await expect(
			createUser({ ...base, username: 'disp-x', role: 'dispatcher' }, admin)
		).rejects.toMatchObject({
			status: 400,
			field: 'areaId'
		});
		await expect(
			createUser({ ...base, username: 'dep-x', role: 'department', departmentId: 999999 }, admin)
		).rejects.toMatchObject({ status: 422, field: 'departmentId' });
		expect((await one<{ n: string }>('SELECT count(*) AS n FROM users')).n).toBe(before);
		const made = await createUser({ ...base, username: 'co-ok', role: 'company', companyId: 1 }, admin);
		expect(made).toMatchObject({ role: 'company', companyId: 1, areaId: null, personId: null });
	});
});
