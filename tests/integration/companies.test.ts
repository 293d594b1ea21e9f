// Company scorecards against direct counts on a hand-built fixture: two districts, a company with
// compounds in both (an official of one district sees "1 of 2 compounds" and only that district's
// tickets), a company with no party organization and one with an instructor only (never "none").
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import type { Scope } from '../../src/lib/server/auth/roles';
import { creditCodeCheckChar } from '../../src/lib/server/demo/credit-code';
import {
	CompaniesQuery,
	companyCard,
	companyClasses,
	companyList
} from '../../src/lib/server/companies/service';
import { featureDetails } from '../../src/lib/server/features/service';
import { forgetOldFigures } from '../../src/lib/server/analysis/snapshot';
import { one, ageStoredFigures, withStoredFigures } from './helpers';

const ids: Record<string, number> = {};
const box = (x0: number, y0: number, x1: number, y1: number) =>
	`ST_Multi(ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}, 4326))`;
const insert = async (sql: string, params: unknown[] = []) =>
	(await one<{ id: number }>(`${sql} RETURNING id`, params)).id;
const q = (o: Record<string, string> = {}) => CompaniesQuery.parse(o);

beforeAll(async () => {
	const city = await one<{ id: number }>(`SELECT id FROM areas WHERE level = 'city'`);
	for (const [k, x] of [
		['A', 117.0],
		['B', 117.1]
	] as const) {
		ids[`d${k}`] = await insert(
			`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ($1, $2, 'district', $3, ${box(x, 26, x + 0.05, 26.05)})`,
			[`T8${k}`, `测区${k}`, city.id]
		);
		ids[`s${k}`] = await insert(
			`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ($1, $2, 'street', $3, ${box(x, 26, x + 0.05, 26.05)})`,
			[`T8${k}01`, `测街${k}`, ids[`d${k}`]]
		);
		ids[`c${k}`] = await insert(
			`INSERT INTO areas (code, name, level, parent_id, geom) VALUES ($1, $2, 'community', $3, ${box(x, 26, x + 0.05, 26.05)})`,
			[`T8${k}0101`, `测社${k}`, ids[`s${k}`]]
		);
	}
	const code = (n: number) => {
		const first = `91369998MA${String(n).padStart(7, '0')}`;
		return first + creditCodeCheckChar(first);
	};
	// P: no party organization, compounds in both districts; Q: an instructor only, district A only
	ids.P = await insert(`INSERT INTO property_companies (name, credit_code) VALUES ('双区物业', $1)`, [
		code(1)
	]);
	ids.Q = await insert(`INSERT INTO property_companies (name, credit_code) VALUES ('指导员物业', $1)`, [
		code(2)
	]);
	const person = await insert(
		`INSERT INTO people (name, phone, kind) VALUES ('李指导', '13800001111', 'instructor')`
	);
	await db().query(
		`INSERT INTO party_instructors (person_id, company_id, start_on) VALUES ($1, $2, '2024-01-01')`,
		[person, ids.Q]
	);
	for (const [k, d, c, company, hh, x] of [
		['PA', 'dA', 'cA', 'P', 100, 117.01],
		['PB', 'dB', 'cB', 'P', 300, 117.11],
		['QA', 'dA', 'cA', 'Q', 200, 117.03]
	] as const) {
		ids[k] = await insert(
			`INSERT INTO compounds (code, name, community_id, district_id, company_id, households, geom)
			 VALUES ($1, $2, $3, $4, $5, $6, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint($7, 26.02), 4326), 0.002, 2)))`,
			[`T8-${k}`, `测小区${k}`, ids[c], ids[d], ids[company], hh, x]
		);
	}
	// tickets: [compound, created days ago, resolved days ago | null, due after creation in h, satisfaction]
	const tickets: [string, number, number | null, number, number | null][] = [
		['PA', 10, 9, 48, 5], // resolved on time
		['PA', 20, 10, 24, 3], // resolved late
		['PA', 5, null, 24, null], // open, overdue
		['PB', 3, 2, 48, 4],
		['PB', 200, 199, 48, null], // outside the 90-day window
		['QA', 1, null, 72, null]
	];
	let n = 0;
	for (const [k, created, resolved, dueH, sat] of tickets) {
		const d = k.endsWith('A') ? ids.dA : ids.dB;
		await db().query(
			`INSERT INTO tickets (district_id, code, category, status, description, geom, community_id, compound_id, company_id,
			   created_at, accept_due_at, due_at, resolved_at, closed_at, satisfaction)
			 SELECT $1, $2, 'water', $3, '测试', ST_PointOnSurface(c.geom), c.community_id, c.id, c.company_id,
			   now() - make_interval(days => $4), now() - make_interval(days => $4) + interval '1 hour',
			   now() - make_interval(days => $4) + make_interval(hours => $5),
			   now() - make_interval(days => $6::int), now() - make_interval(days => $6::int), $7
			 FROM compounds c WHERE c.id = $8`,
			[d, `T8-${++n}`, resolved === null ? 'assigned' : 'closed', created, dueH, resolved, sat, ids[k]]
		);
	}
});

const official = (d: string): Scope => ({ kind: 'area', areaId: ids[d] });

describe('company list and scorecards', () => {
	it('counts a company on its compounds inside the viewer\'s area only, "n of m"', async () => {
		const l = await companyList(q(), official('dA'));
		expect(l.area.id).toBe(ids.dA);
		const p = l.companies.find((c) => c.id === ids.P)!;
		expect(p).toMatchObject({ compounds: 1, compoundsAll: 2, households: 100, partyStatus: 'none' });
		// direct count: tickets filed in the last 90 days on 测小区PA
		const direct = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM tickets WHERE compound_id = $1 AND created_at >= now() - interval '90 days'`,
			[ids.PA]
		);
		expect(p.tickets).toBe(direct.n);
		expect(p.tickets).toBe(3);
		expect(p.figures.ticketRate).toBe(30); // 3 per 100 households = 30 per 1,000
		expect(p.figures.onTimeRate).toBe(0.5);
		expect(p.figures.satisfaction).toBe(4);
		// district B sees the other compound, and the whole company from the city
		const b = (await companyList(q(), official('dB'))).companies.find((c) => c.id === ids.P)!;
		expect(b).toMatchObject({ compounds: 1, households: 300, tickets: 1 });
		const all = (await companyList(q({ area: String(ids.dA) }), { kind: 'all' })).companies;
		expect(all.map((c) => c.id).sort()).toEqual([ids.P, ids.Q].sort());
	});

	it('keeps instructor-only apart from none and ranks none first, then by excess ticket rate', async () => {
		const l = await companyList(q(), official('dA'));
		expect(l.classes).toEqual({ own: 0, joint: 0, instructor: 1, none: 1 });
		// the map's legend asks for the classes alone: the same counts, no service figures
		const legend = await companyClasses(q({ only: 'classes' }), official('dA'));
		expect(legend).toEqual({ area: l.area, classes: l.classes });
		expect(l.companies.map((c) => c.id)).toEqual([ids.P, ids.Q]);
		// area average = all tickets of the area's companies per 1,000 of their households: 4 / 300
		expect(l.average.ticketRate).toBe(13.33);
		expect(l.companies[0].excess).toBe(16.67);
		expect((await companyList(q({ status: 'none' }), official('dA'))).companies.map((c) => c.id)).toEqual([
			ids.P
		]);
	});

	it('gives a scorecard with the instructor (named for staff, hidden for planners) and refuses one outside', async () => {
		const card = await companyCard(ids.Q, q(), official('dA'));
		expect(card.company.partyStatus).toBe('instructor');
		expect(card.instructors.map((p) => p.name)).toEqual(['李指导']);
		expect(card.compounds.map((c) => c.id)).toEqual([ids.QA]);
		const planner = await companyCard(ids.Q, q({ area: String(ids.dA) }), { kind: 'aggregates' });
		expect(planner.instructors.map((p) => [p.name, p.phone])).toEqual([[null, null]]);
		await expect(companyCard(ids.Q, q(), official('dB'))).rejects.toMatchObject({ status: 404, field: 'id' });
	});

	it("tells whether the company works with owners' committees: each compound's committee and the meetings it attended", async () => {
		// P's compound in district A: a committee in office and two held meetings there, the company at one
		// (and one 200 days ago, outside the 90-day window); P's compound in B: a committee whose term ended
		const TODAY = '2026-11-30';
		await db().query(
			`INSERT INTO owner_committees (compound_id, registered, term_start, term_end) VALUES
			   ($1, true, '2024-01-01', '2028-12-31'), ($2, false, '2020-01-01', '2025-06-30')`,
			[ids.PA, ids.PB]
		);
		for (const [held, company] of [
			['2026-11-01', 1],
			['2026-10-15', 0],
			['2026-05-14', 2]
		] as const)
			await db().query(
				`INSERT INTO joint_meetings (community_id, compound_id, held_on, title, company_attendees)
				 VALUES ($1, $2, $3, '联席会议', $4)`,
				[ids.cA, ids.PA, held, company]
			);
		const inA = await companyCard(ids.P, q(), official('dA'), TODAY);
		expect(inA.compounds.map((c) => [c.id, c.committee, c.companyMeetings])).toEqual([[ids.PA, 'active', 1]]);
		expect(inA.committees).toEqual({ active: 1, expired: 0, none: 0, companyMeetings: 1 });
		// the city: both compounds; the one in B has an expired term; Q's compound has none
		const city = await companyCard(ids.P, q({ area: String(ids.dA) }), { kind: 'all' }, TODAY);
		expect(city.committees.active).toBe(1);
		const all = await companyCard(ids.P, q(), { kind: 'all' }, TODAY);
		expect(all.committees).toEqual({ active: 1, expired: 1, none: 0, companyMeetings: 1 });
		expect((await companyCard(ids.Q, q(), { kind: 'all' }, TODAY)).committees).toMatchObject({ none: 1 });
		// a direct count over the rows: P's compounds with a live committee whose term has not ended
		const direct = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM compounds c JOIN owner_committees oc ON oc.compound_id = c.id
			 WHERE c.company_id = $1 AND oc.retired_at IS NULL AND oc.term_end >= $2::date`,
			[ids.P, TODAY]
		);
		expect(all.committees.active).toBe(direct.n);
	});

	it("shows ticket counts of an area outside the scope as none, and an ancestor as the user's part", async () => {
		const other = await featureDetails('areas', ids.dB, official('dA'));
		expect(other.scope).toBe('outside');
		expect(Object.fromEntries(other.fields).openTickets).toBeNull();
		const city = await one<{ id: number }>(`SELECT id FROM areas WHERE level = 'city'`);
		const up = await featureDetails('areas', city.id, official('dA'));
		expect(up.scope).toBe('part');
		// the part: the open tickets of district A only (one overdue on PA, one on QA)
		expect(Object.fromEntries(up.fields).openTickets).toBe(2);
		const own = await featureDetails('areas', ids.dA, official('dA'));
		expect(own.scope).toBe('whole');
		// a company with compounds on both sides is a part; its panel lists its compounds to highlight
		const company = await featureDetails('companies', ids.P, official('dA'));
		expect(company.scope).toBe('part');
		expect(company.highlight!.features.map((f) => f.id).sort()).toEqual([ids.PA, ids.PB].sort());
		const compound = await featureDetails('compounds', ids.QA, official('dA'));
		expect(compound.links!.map((l) => [l.role, l.name])).toEqual([
			['company', '指导员物业'],
			['instructor', '李指导']
		]);
	});
});

describe('stored service figures (REDGRID_FIGURES_MAX_AGE_SECONDS)', () => {
	const addTicket = (code: string) =>
		db().query(
			`INSERT INTO tickets (district_id, code, category, status, description, geom, community_id, compound_id, company_id,
			   created_at, accept_due_at, due_at)
			 SELECT $1, $2, 'noise', 'assigned', '测试', ST_PointOnSurface(c.geom), c.community_id, c.id, c.company_id,
			   now() - interval '1 day', now(), now() + interval '1 day'
			 FROM compounds c WHERE c.id = $3`,
			[ids.dA, code, ids.PA]
		);
	const pTickets = async () => {
		const l = await companyList(q(), official('dA'));
		return { tickets: l.companies.find((c) => c.id === ids.P)!.tickets, asOf: l.serviceAsOf };
	};
	it('answers the stored count while young, refreshes it in the background past a fifth of the age, counts anew past it', async () => {
		await withStoredFigures(async () => {
			const first = await pTickets();
			expect(first.tickets).toBe(3);
			await addTicket('T8-S1');
			// young: the stored answer, with the time it was counted
			expect(await pTickets()).toEqual(first);
			// older than a fifth of 300 s: still the stored answer, and a refresh starts
			await ageStoredFigures(100);
			expect((await pTickets()).tickets).toBe(3);
			let refreshed = await pTickets();
			for (let i = 0; i < 100 && refreshed.tickets === 3; i++) {
				await new Promise((r) => setTimeout(r, 50));
				refreshed = await pTickets();
			}
			expect(refreshed.tickets).toBe(4);
			expect(Date.parse(refreshed.asOf)).toBeGreaterThan(Date.parse(first.asOf));
			// older than 300 s: never answered; counted now
			await addTicket('T8-S2');
			await ageStoredFigures(400);
			expect((await pTickets()).tickets).toBe(5);
		});
		// 0: every request counts, and a direct count agrees
		await addTicket('T8-S3');
		const direct = await one<{ n: number }>(
			`SELECT count(*)::int AS n FROM tickets WHERE compound_id = $1 AND created_at >= now() - interval '90 days'`,
			[ids.PA]
		);
		expect((await pTickets()).tickets).toBe(direct.n);
		expect(direct.n).toBe(6);
	});

	it('forgets stored answers nobody asked for in a day, keeps the others', async () => {
		await db().query(
			`INSERT INTO figure_snapshots (key, computed_at, body) VALUES
			   ('test/old', now() - interval '25 hours', '[]'), ('test/young', now() - interval '23 hours', '[]')`
		);
		expect(await forgetOldFigures()).toBeGreaterThanOrEqual(1);
		const left = await db().query<{ key: string }>(
			`SELECT key FROM figure_snapshots WHERE key LIKE 'test/%'`
		);
		expect(left.rows.map((r) => r.key)).toEqual(['test/young']);
	});
});
