// Three parties at one table (三方联动): figures of owners' committees and joint meetings on a
// hand-built community (answers worked out by hand), bad input refused naming the field with nothing
// written, a decision followed as a ticket that is done when the ticket closes, scope per role, and
// the seed's story.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/lib/server/db/pool';
import { createRecord, listRecords, readRecord } from '../../src/lib/server/editing/service';
import { createSchema } from '../../src/lib/server/editing/schemas';
import { scopeOf } from '../../src/lib/server/auth/roles';
import { accessFor, allows } from '../../src/lib/server/auth/policy';
import {
	committeeMap,
	compoundGovernance,
	compoundPanelFields,
	decisionsOfTicket,
	decisionToTicket,
	governanceFigures
} from '../../src/lib/server/governance/service';
import { act } from '../../src/lib/server/tickets/service';
import { demoUser, one, refused } from './helpers';

const rect = (x0: number, y0: number, x1: number, y1: number) => ({
	type: 'MultiPolygon' as const,
	coordinates: [
		[
			[
				[x0, y0],
				[x1, y0],
				[x1, y1],
				[x0, y1],
				[x0, y0]
			]
		]
	]
});

const TODAY = '2026-11-30'; // figures are asked "as of" this day; the last full quarter is 2026-Q3
const counts = async () =>
	one<Record<string, number>>(
		`SELECT (SELECT count(*) FROM owner_committees)::int AS committees, (SELECT count(*) FROM committee_members)::int AS members,
		   (SELECT count(*) FROM joint_meetings)::int AS meetings, (SELECT count(*) FROM meeting_decisions)::int AS decisions,
		   (SELECT count(*) FROM consultations)::int AS consultations, (SELECT count(*) FROM audit_log)::int AS audit`
	);

// The fixture: a new community of 吉州区 (far from the demo compounds) with three compounds; one
// committee of five members, two of them party members; two held meetings; four decisions.
const F = {
	community: 0,
	compounds: [] as number[],
	committee: 0,
	meetings: [] as number[]
};

beforeAll(async () => {
	const admin = await demoUser('admin');
	const street = await one<{ id: number }>(
		`SELECT s.id FROM areas s JOIN areas d ON d.id = s.parent_id WHERE s.level = 'street' AND d.code = '360802' ORDER BY s.id LIMIT 1`
	);
	const [x, y] = [116.9, 28.9]; // an empty corner (the fixture's compounds touch nothing of the demo)
	F.community = (
		await one<{ id: number }>(
			`INSERT INTO areas (code, name, level, parent_id, households, geom)
			 VALUES ('GOV-TEST', '测试社区', 'community', $1, 900, ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326))) RETURNING id`,
			[street.id, x, y, x + 0.03, y + 0.01]
		)
	).id;
	for (let k = 0; k < 3; k++) {
		const c = await createRecord(
			'compounds',
			{
				code: `GOV-C${k}`,
				name: `测试小区${k}`,
				communityId: F.community,
				households: 300,
				geom: rect(x + 0.01 * k + 0.001, y + 0.001, x + 0.01 * k + 0.009, y + 0.009)
			},
			admin
		);
		F.compounds.push(c.id);
	}
	const committee = await createRecord(
		'owner-committees',
		{
			compoundId: F.compounds[0],
			registered: true,
			termStart: '2024-05-01',
			termEnd: '2029-04-30',
			partyGroup: true
		},
		admin
	);
	F.committee = committee.id;
	const people: [string, string, boolean][] = [
		['王芳', 'chair', true],
		['李强', 'vice_chair', true],
		['张伟', 'member', false],
		['刘洋', 'member', false],
		['陈静', 'member', false]
	];
	for (const [name, position, party] of people)
		await createRecord(
			'committee-members',
			{ committeeId: F.committee, name, phone: '13800000000', position, partyMember: party },
			admin
		);
	// 2026-08-10 (last quarter): community 2, committee 3, company 1, no department
	// 2026-10-20 (this quarter): community 1, no committee, company 1, department 1
	for (const [heldOn, att] of [
		['2026-08-10', [2, 3, 1, 0]],
		['2026-10-20', [1, 0, 1, 1]]
	] as const) {
		const m = await createRecord(
			'meetings',
			{
				communityId: F.community,
				compoundId: F.compounds[0],
				title: `联席会议 ${heldOn}`,
				heldOn,
				status: 'held',
				communityAttendees: att[0],
				committeeAttendees: att[1],
				companyAttendees: att[2],
				departmentAttendees: att[3]
			},
			admin
		);
		F.meetings.push(m.id);
	}
	// due 08-31 done 08-25 (on time); due 09-15 done 10-01 (late); due 11-10 open (overdue);
	// due 12-20 (not yet due: not counted)
	for (const [dueOn, status, doneOn] of [
		['2026-08-31', 'done', '2026-08-25'],
		['2026-09-15', 'done', '2026-10-01'],
		['2026-11-10', 'open', null],
		['2026-12-20', 'open', null]
	] as const)
		await createRecord(
			'decisions',
			{ meetingId: F.meetings[0], content: `决定 ${dueOn}`, owner: '物业服务中心', dueOn, status, doneOn },
			admin
		);
});

describe('figures on a hand-built community', () => {
	it('counts committee coverage 33.3 %, party share 40 %, meetings, attendance per party and decisions on time', async () => {
		const f = await governanceFigures({ area: F.community, days: 365, quarters: 4 }, { kind: 'all' }, TODAY);
		expect(f.lastQuarter).toEqual({ from: '2026-07-01', to: '2026-09-30', label: '2026-Q3' });
		expect(f.area).toMatchObject({
			communities: 1,
			compounds: 3,
			withCommittee: 1,
			withoutCommittee: 2,
			committeeCoverage: 33.3,
			expired: 0,
			members: 5,
			partyMembers: 2,
			partyShare: 40,
			partyGroups: 1,
			meetingsLastQuarter: 1,
			meetingsPerCommunity: 1,
			communitiesWithoutMeeting: 0,
			meetings: 2,
			attendance: { community: 100, committee: 50, company: 100, department: 50 },
			decisionsDue: 3,
			decisionsDone: 2,
			decisionsOnTime: 1,
			onTimeRate: 33.3
		});
		expect(f.quarters.labels).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
		expect(f.quarters.rows).toEqual([
			{ id: F.community, name: '测试社区', communities: 1, counts: [0, 0, 1, 1] }
		]);
		// the gaps: the two compounds without a committee
		expect(
			f.gaps
				.filter((g) => g.kind === 'compound')
				.map((g) => g.id)
				.sort()
		).toEqual([F.compounds[1], F.compounds[2]].sort());
	});

	it('counts an expired term and a community with no meeting last quarter, up the area tree', async () => {
		// as of 2029-06-01 the term (to 2029-04-30) has ended and no meeting was held in 2029-Q1
		const f = await governanceFigures(
			{ area: F.community, days: 365, quarters: 4 },
			{ kind: 'all' },
			'2029-06-01'
		);
		expect(f.area).toMatchObject({ expired: 1, meetingsLastQuarter: 0, communitiesWithoutMeeting: 1 });
		expect(f.gaps.find((g) => g.kind === 'community')).toMatchObject({
			id: F.community,
			gap: 'no_meeting',
			since: '2026-10-20'
		});
		// the street's row for the fixture's community holds the same counts as the community itself
		const street = await one<{ parent_id: number }>('SELECT parent_id FROM areas WHERE id = $1', [
			F.community
		]);
		const s = await governanceFigures(
			{ area: street.parent_id, days: 365, quarters: 4 },
			{ kind: 'all' },
			TODAY
		);
		const row = s.children.find((c) => c.id === F.community)!;
		expect(row).toMatchObject({ compounds: 3, withCommittee: 1, members: 5, partyMembers: 2 });
		expect(s.area.compounds).toBeGreaterThanOrEqual(3);
	});

	it("gives the map's committee layer the figures' counts and the communities with no meeting", async () => {
		// the fixture's community as an official's area: one committee in office, two compounds without
		const inArea = { kind: 'area' as const, areaId: F.community };
		expect(await committeeMap(inArea, TODAY)).toMatchObject({
			areaId: F.community,
			counts: { none: 2, expired: 0, active: 1, no_meeting: 0 },
			noMeeting: []
		});
		// as of 2029-06-01: the term has expired and 2029-Q1 had no meeting
		expect(await committeeMap(inArea, '2029-06-01')).toMatchObject({
			counts: { none: 2, expired: 1, active: 0, no_meeting: 1 },
			noMeeting: [F.community]
		});
		// the city: the same counts as the city's figures
		const city = await committeeMap({ kind: 'all' }, TODAY);
		const f = await governanceFigures({ area: city.areaId, days: 365, quarters: 4 }, { kind: 'all' }, TODAY);
		expect(city.counts).toEqual({
			none: f.area.withoutCommittee,
			expired: f.area.expired,
			active: f.area.withCommittee - f.area.expired,
			no_meeting: f.area.communitiesWithoutMeeting
		});
		expect(city.noMeeting).toHaveLength(f.area.communitiesWithoutMeeting);
		const gaps = f.gaps.filter((g) => g.kind === 'community').map((g) => g.id);
		for (const id of gaps) expect(city.noMeeting).toContain(id);
	});

	it("shows the committee and meetings in the compound's panel and detail", async () => {
		const fields = Object.fromEntries(await compoundPanelFields(F.compounds[0], TODAY));
		expect(fields).toMatchObject({
			ownersCommittee: 'active',
			committeeTermEnd: '2029-04-30',
			committeeMembers: 5,
			committeePartyMembers: 2,
			meetingsThisQuarter: 1,
			lastMeeting: '2026-10-20',
			openDecisions: 2
		});
		expect(Object.fromEntries(await compoundPanelFields(F.compounds[1], TODAY)).ownersCommittee).toBe('none');
		const d = await compoundGovernance(F.compounds[0], { kind: 'all' });
		expect(d.committee!.members.map((m) => m.position)).toEqual([
			'chair',
			'vice_chair',
			'member',
			'member',
			'member'
		]);
		expect(d.meetings.map((m) => m.heldOn)).toEqual(['2026-10-20', '2026-08-10']);
		expect(d.meetings[1].decisions).toHaveLength(4);
	});
});

describe('bad input: a 4xx naming the field, nothing written', () => {
	it('refuses a member in two positions, a second chair, a term ending before it starts, a future meeting marked held, a decision without owner, votes above the households', async () => {
		const admin = await demoUser('admin');
		const before = await counts();
		const twice = await refused(() =>
			createRecord(
				'committee-members',
				{ committeeId: F.committee, name: '张伟', phone: '13800000000', position: 'vice_chair' },
				admin
			)
		);
		expect([twice.status, twice.field]).toEqual([422, 'position']);
		const chair = await refused(() =>
			createRecord('committee-members', { committeeId: F.committee, name: '赵敏', position: 'chair' }, admin)
		);
		expect([chair.status, chair.field]).toEqual([422, 'position']);
		const term = await refused(() =>
			createRecord(
				'owner-committees',
				{ compoundId: F.compounds[1], termStart: '2026-06-01', termEnd: '2025-06-01' },
				admin
			)
		);
		expect([term.status, term.field]).toEqual([400, 'termEnd']);
		const future = await refused(() =>
			createRecord(
				'meetings',
				{ communityId: F.community, title: '未来的会', heldOn: '2099-01-01', status: 'held' },
				admin
			)
		);
		expect([future.status, future.field]).toEqual([400, 'heldOn']);
		// the request shape names the missing owner (400 from the route), and so does the service
		const shape = createSchema('decisions').safeParse({
			meetingId: F.meetings[0],
			content: '无人负责',
			dueOn: '2026-12-01'
		});
		expect(shape.error!.issues.map((i) => i.path.join('.'))).toEqual(['owner']);
		const owner = await refused(() =>
			createRecord(
				'decisions',
				{ meetingId: F.meetings[0], content: '无人负责', owner: '', dueOn: '2026-12-01' },
				admin
			)
		);
		expect([owner.status, owner.field]).toEqual([400, 'owner']);
		const votes = await refused(() =>
			createRecord(
				'consultations',
				{
					communityId: F.community,
					compoundId: F.compounds[0],
					title: '停车方案表决',
					kind: 'parking_plan',
					raisedBy: 'residents',
					raisedOn: '2026-09-01',
					outcome: 'agreed',
					decidedOn: '2026-09-20',
					votesFor: 200,
					votesAgainst: 150
				},
				admin
			)
		);
		expect([votes.status, votes.field]).toEqual([422, 'votesAgainst']);
		expect(votes.message).toMatch(/350 votes .* 300 households/);
		expect(await counts()).toEqual(before);
		// within the households it is recorded, linked to the meeting that discussed it
		const ok = await createRecord(
			'consultations',
			{
				communityId: F.community,
				compoundId: F.compounds[0],
				title: '停车方案表决',
				kind: 'parking_plan',
				raisedBy: 'residents',
				raisedOn: '2026-08-01',
				outcome: 'agreed',
				decidedOn: '2026-08-10',
				votesFor: 200,
				votesAgainst: 60,
				votesAbstain: 40,
				meetingIds: [F.meetings[0]]
			},
			admin
		);
		expect(ok.meetingIds).toEqual([F.meetings[0]]);
	});
});

describe('a decision followed as a ticket', () => {
	it('links both ways and is done when the ticket closes (through the ticket workflow)', async () => {
		const admin = await demoUser('admin');
		const gw = await demoUser('gridworker');
		const official = await demoUser('official');
		const cj = await one<{ id: number; community_id: number }>(
			`SELECT id, community_id FROM compounds WHERE name = '城建花苑'`
		);
		const m = await createRecord(
			'meetings',
			{
				communityId: cj.community_id,
				compoundId: cj.id,
				title: '城建花苑联席会议（测试）',
				heldOn: '2026-11-20',
				status: 'held'
			},
			official
		);
		const d = await createRecord(
			'decisions',
			{ meetingId: m.id, content: '修复5栋单元门禁', owner: '城建物业', dueOn: '2026-12-10' },
			official
		);
		expect(d.status).toBe('open');
		const r = await decisionToTicket(d.id, { category: 'facility_repair' }, official);
		expect(r.decision).toMatchObject({ ticketId: r.ticketId, status: 'in_progress', version: d.version + 1 });
		// the ticket's side: a note in its history and the decision found from the ticket
		const note = await one<{ note: string }>(
			`SELECT note FROM ticket_events WHERE ticket_id = $1 AND kind = 'note' ORDER BY id DESC LIMIT 1`,
			[r.ticketId]
		);
		expect(note.note).toBe(`follows decision ${d.id} of joint meeting ${m.id}`);
		expect((await decisionsOfTicket(r.ticketId, scopeOf(gw))).map((x) => x.id)).toEqual([d.id]);
		// a second conversion is refused
		const again = await refused(() => decisionToTicket(d.id, { category: 'other' }, admin));
		expect([again.status, again.field]).toEqual([409, 'ticketId']);

		// 城建花苑's cells are the grid worker's: accept, start, resolve; the official closes
		const t = await one<{ assignee_id: number }>('SELECT assignee_id FROM tickets WHERE id = $1', [
			r.ticketId
		]);
		expect(t.assignee_id).toBe(gw.personId);
		await act(r.ticketId, { action: 'accept' }, gw, scopeOf(gw));
		await act(r.ticketId, { action: 'start' }, gw, scopeOf(gw));
		await act(r.ticketId, { action: 'resolve', note: '已修复' }, gw, scopeOf(gw));
		expect((await readRecord(db(), 'decisions', d.id))!.status).toBe('in_progress');
		await act(r.ticketId, { action: 'close', satisfaction: 5 }, official, scopeOf(official));
		const done = (await readRecord(db(), 'decisions', d.id))!;
		const closedDay = await one<{ d: string }>(
			`SELECT ((closed_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS d FROM tickets WHERE id = $1`,
			[r.ticketId]
		);
		expect(done).toMatchObject({ status: 'done', doneOn: closedDay.d });
		const audit = await one<{ note: string; after: { status: string } }>(
			`SELECT note, after FROM audit_log WHERE entity = 'decisions' AND entity_id = $1 ORDER BY id DESC LIMIT 1`,
			[d.id]
		);
		expect(audit.after.status).toBe('done');
		expect(audit.note).toMatch(/^followed ticket GD\d{15} \(closed\)$/);
	});
});

describe('scope per role', () => {
	it('keeps an official to their subtree, masks names for planners and shuts out field roles', async () => {
		const jizhou = await demoUser('jizhou');
		const outside = await one<{ id: number }>(
			`SELECT id FROM areas WHERE level = 'community' AND NOT path @> ARRAY[$1::int] ORDER BY id LIMIT 1`,
			[jizhou.areaId]
		);
		const before = await counts();
		const e = await refused(() =>
			createRecord(
				'meetings',
				{ communityId: outside.id, title: '越界会议', heldOn: '2026-11-01', status: 'held' },
				jizhou
			)
		);
		expect([e.status, e.field]).toEqual([403, 'communityId']);
		expect(await counts()).toEqual(before);
		// inside the district: recorded, and listed for them
		const m = await createRecord(
			'meetings',
			{ communityId: F.community, title: '区内会议', heldOn: '2026-11-02', status: 'held' },
			jizhou
		);
		const mine = await listRecords('meetings', { q: '区内会议' }, scopeOf(jizhou));
		expect(mine.map((r) => r.id)).toEqual([m.id]);
		// figures: their district by default, the city refused
		const f = await governanceFigures({ days: 365, quarters: 4 }, scopeOf(jizhou), TODAY);
		expect(f.area.id).toBe(jizhou.areaId);
		const city = await one<{ id: number }>(`SELECT id FROM areas WHERE level = 'city'`);
		await expect(
			governanceFigures({ area: city.id, days: 365, quarters: 4 }, scopeOf(jizhou))
		).rejects.toMatchObject({
			status: 403
		});
		// planners see the committee with masked names and phones
		const planner = await demoUser('planner');
		const p = await compoundGovernance(F.compounds[0], scopeOf(planner));
		expect(p.committee!.members[0]).toMatchObject({ name: '王*', phone: '138****0000' });
		// grid workers and stewards get no governance figures or records (policy)
		for (const role of ['grid_worker', 'steward'] as const) {
			expect(allows(accessFor('/api/governance/figures', 'GET')!, role)).toBe(false);
			expect(allows(accessFor('/api/edit/[entity]', 'POST')!, role)).toBe(false);
		}
		expect(allows(accessFor('/api/governance/decisions/[id]/ticket', 'POST')!, 'planner')).toBe(false);
	});
});

describe("the seed's story", () => {
	it('gives 城建花苑 a committee and a monthly meeting since June whose done decisions were closed tickets', async () => {
		const cj = await compoundGovernance(
			(await one<{ id: number }>(`SELECT id FROM compounds WHERE name = '城建花苑'`)).id,
			{ kind: 'all' }
		);
		expect(cj.committee).not.toBeNull();
		// (the meeting recorded by the ticket test above is left out)
		const held = cj.meetings.filter(
			(m) => m.status === 'held' && m.compoundId === cj.id && !m.title.includes('测试')
		);
		const months = new Set(held.map((m) => m.heldOn.slice(0, 7)));
		expect(held.length).toBeGreaterThanOrEqual(5);
		expect(months.size).toBe(held.length); // one a month
		expect([...months].sort()[0].slice(5)).toBe('06');
		const decisions = held.flatMap((m) => m.decisions);
		const done = decisions.filter((d) => d.status === 'done');
		expect(done.length).toBeGreaterThan(0);
		expect(done.every((d) => d.ticketId !== null && d.ticketStatus === 'closed')).toBe(true);
		// 阳明花园's meetings are at its 红色驿站
		const ym = await one<{ n: number; at_station: number }>(
			`SELECT count(*)::int AS n, count(*) FILTER (WHERE f.type = 'red_station' AND f.compound_id = c.id)::int AS at_station
			 FROM joint_meetings m JOIN compounds c ON c.id = m.compound_id LEFT JOIN facilities f ON f.id = m.facility_id
			 WHERE c.name = '阳明花园'`
		);
		expect(ym.n).toBeGreaterThan(0);
		expect(ym.at_station).toBe(ym.n);
		// the spread: most compounds without a committee, some expired, some communities not meeting
		const f = await governanceFigures({ days: 365, quarters: 4 }, { kind: 'all' });
		expect(f.area.committeeCoverage!).toBeGreaterThan(10);
		expect(f.area.committeeCoverage!).toBeLessThan(60);
		expect(f.area.expired).toBeGreaterThan(0);
		expect(f.area.communitiesWithoutMeeting).toBeGreaterThan(0);
		expect(f.area.communitiesWithoutMeeting).toBeLessThan(f.area.communities);
	});
});
