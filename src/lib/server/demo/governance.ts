// Demo data of the governance records (三方联动), generated from the city already loaded in the
// transaction (so it follows whatever the city generator made): owners' committees with members,
// joint meetings with attendance and decisions, consultations. The seed's story:
// - 城建花苑 has a registered committee with a party working group and a monthly joint meeting since
//   the pilot began in June, held at its community's 红色驿站 or party service centre; their decisions
//   became tickets that were closed (the latest month's are still open);
// - 阳明花园's 红色驿站 hosts 阳明花园's meetings;
// - elsewhere the realistic spread: most compounds without a committee, some terms expired, a few
//   communities meeting regularly, many not at all.
import type pg from 'pg';
import { beijingDate } from '../tickets/sla';
import { mobilePhone, personName } from './names';
import { Random } from './random';
import { CONSULTATION_KINDS } from '../../governance/values';

export interface GovernanceSeedOptions {
	seed: number;
	now: Date;
	log?: (s: string) => void;
}

interface Compound {
	id: number;
	name: string;
	community_id: number;
	households: number;
	year_built: number | null;
}

const DAY = 86_400_000;
const addDays = (date: string, n: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The same day `years` earlier (later when negative); 29 February becomes the 28th in a common year. */
export const yearsBefore = (date: string, years: number) => {
	const y = Number(date.slice(0, 4)) - years;
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	return `${y}${date.slice(4) === '-02-29' && !leap ? '-02-28' : date.slice(4)}`;
};

const TOPICS = [
	'小区停车位划线与收费方案',
	'电梯维修使用专项维修资金',
	'楼道杂物清理与消防通道',
	'垃圾分类投放点调整',
	'物业服务质量评议',
	'外墙脱落隐患处置',
	'二次供水水箱清洗',
	'老旧小区改造意见征集',
	'充电桩安装位置',
	'绿化补植与树木修剪'
];
const DECISIONS: { content: string; party: string; owner: string; category: string }[] = [
	{
		content: '三周内完成地下车库照明维修',
		party: 'property_company',
		owner: '物业服务中心',
		category: 'electricity'
	},
	{
		content: '清理各楼道堆放杂物，打通消防通道',
		party: 'property_company',
		owner: '物业保洁班',
		category: 'safety'
	},
	{
		content: '公示停车位划线方案并征求业主意见',
		party: 'owners_committee',
		owner: '业委会主任',
		category: 'parking'
	},
	{
		content: '协调供水公司清洗二次供水水箱',
		party: 'community_party',
		owner: '社区居委会',
		category: 'water'
	},
	{
		content: '修复小区东门破损路面',
		party: 'property_company',
		owner: '物业工程部',
		category: 'facility_repair'
	},
	{ content: '调解3栋漏水邻里纠纷', party: 'community_party', owner: '社区网格员', category: 'dispute' },
	{ content: '补植中心绿地草坪', party: 'property_company', owner: '物业绿化班', category: 'greenery' },
	{
		content: '申请使用维修资金更换2号电梯钢丝绳',
		party: 'owners_committee',
		owner: '业委会',
		category: 'elevator'
	}
];

/** Loads the governance demo rows into the open transaction; returns the row counts per table. */
export async function seedGovernance(
	client: pg.PoolClient,
	opts: GovernanceSeedOptions
): Promise<Record<string, number>> {
	const rng = new Random((opts.seed ^ 0x5a17) >>> 0);
	const today = beijingDate(opts.now);
	const counts: Record<string, number> = {};
	const compounds = (
		await client.query<Compound>(
			`SELECT id, name, community_id, households, year_built FROM compounds WHERE retired_at IS NULL ORDER BY id`
		)
	).rows;
	if (compounds.length === 0) return counts;
	const facilities = (
		await client.query<{
			id: number;
			area_id: number | null;
			compound_id: number | null;
			type: string;
			name: string;
		}>(
			`SELECT f.id, coalesce(f.area_id, c.community_id) AS area_id, f.compound_id, f.type, f.name
			 FROM facilities f LEFT JOIN compounds c ON c.id = f.compound_id
			 WHERE f.retired_at IS NULL AND f.type IN ('red_station', 'party_service_center', 'residents_council_room')
			 ORDER BY f.id`
		)
	).rows;
	const chengjian = compounds.find((c) => c.name === '城建花苑');
	const yangming = compounds.find((c) => c.name === '阳明花园');
	const placeIn = (communityId: number) =>
		facilities.find((f) => f.area_id === communityId && f.type === 'red_station') ??
		facilities.find((f) => f.area_id === communityId);

	// --- committees and members
	const committees: Record<string, unknown>[] = [];
	const members: { committee: number; name: string; phone: string; position: string; party: boolean }[] = [];
	const special = new Set([chengjian?.id, yangming?.id]);
	const withCommittee: Compound[] = [];
	for (const c of compounds) {
		const age = c.year_built ? Number(today.slice(0, 4)) - c.year_built : 20;
		// larger and newer compounds are likelier to have elected one (older ones are often self-managed)
		const p = special.has(c.id) ? 1 : Math.min(0.7, 0.12 + c.households / 2500 + (age < 15 ? 0.12 : 0));
		if (!rng.chance(p)) continue;
		withCommittee.push(c);
		const expired = !special.has(c.id) && rng.chance(0.22);
		const start =
			c.id === chengjian?.id
				? yearsBefore(today, 2)
				: expired
					? addDays(yearsBefore(today, 5), -rng.int(30, 900))
					: addDays(today, -rng.int(30, 5 * 365 - 30));
		const end = yearsBefore(start, -5);
		committees.push({
			compound_id: c.id,
			registered: special.has(c.id) || rng.chance(0.8),
			elected_on: addDays(start, -rng.int(3, 20)),
			term_start: start,
			term_end: end,
			party_group: c.id === chengjian?.id || c.id === yangming?.id || rng.chance(0.3)
		});
		const size = c.id === chengjian?.id ? 7 : rng.pick([5, 5, 7, 7, 9]);
		const partyShare = c.id === chengjian?.id ? 3 / 7 : rng.uniform(0, 0.6);
		const used = new Set<string>();
		for (let k = 0; k < size; k++) {
			let name = personName(rng);
			while (used.has(name)) name = personName(rng);
			used.add(name);
			members.push({
				committee: committees.length - 1,
				name,
				phone: mobilePhone(rng),
				position: k === 0 ? 'chair' : k <= (size >= 7 ? 2 : 1) ? 'vice_chair' : 'member',
				party: c.id === chengjian?.id ? k < 3 : rng.chance(partyShare)
			});
		}
	}
	const committeeIds = (
		await client.query<{ id: number }>(
			`INSERT INTO owner_committees (compound_id, registered, elected_on, term_start, term_end, party_group)
			 SELECT compound_id, registered, elected_on, term_start, term_end, party_group
			 FROM jsonb_to_recordset($1::jsonb) AS r (compound_id int, registered boolean, elected_on date,
			   term_start date, term_end date, party_group boolean, n int)
			 ORDER BY n RETURNING id`,
			[JSON.stringify(committees.map((c, n) => ({ ...c, n })))]
		)
	).rows.map((r) => r.id);
	await client.query(
		`INSERT INTO committee_members (committee_id, name, phone, position, party_member)
		 SELECT committee_id, name, phone, position, party FROM jsonb_to_recordset($1::jsonb)
		   AS r (committee_id int, name text, phone text, position text, party boolean)`,
		[JSON.stringify(members.map((m) => ({ ...m, committee_id: committeeIds[m.committee] })))]
	);
	counts.owner_committees = committees.length;
	counts.committee_members = members.length;

	// --- joint meetings: per community a habit (monthly, quarterly, now and then, never)
	interface Meeting {
		community_id: number;
		compound_id: number | null;
		held_on: string;
		status: string;
		facility_id: number | null;
		place: string | null;
		title: string;
		topics: string;
		community_attendees: number;
		committee_attendees: number;
		company_attendees: number;
		department_attendees: number;
		departments: string | null;
		decisions: {
			content: string;
			owner: string;
			party: string;
			due_on: string;
			status: string;
			done_on: string | null;
			ticket: string | null;
		}[];
	}
	const meetings: Meeting[] = [];
	const communities = [...new Set(compounds.map((c) => c.community_id))];
	const hasCommittee = new Set(withCommittee.map((c) => c.id));
	const pilotStart = pilotStartOn(today);
	const meeting = (communityId: number, compound: Compound | null, day: string, special = false): Meeting => {
		const f =
			compound?.id === yangming?.id
				? facilities.find((x) => x.compound_id === yangming?.id)
				: placeIn(communityId);
		const committee = compound ? hasCommittee.has(compound.id) : rng.chance(0.6);
		const topic = rng.pick(TOPICS);
		const held = day <= today;
		const m: Meeting = {
			community_id: communityId,
			compound_id: compound?.id ?? null,
			held_on: day,
			status: held ? (rng.chance(0.04) && !special ? 'cancelled' : 'held') : 'planned',
			facility_id: f?.id ?? null,
			place: f ? null : '社区会议室',
			title: `${compound ? compound.name : '社区'}三方联席会议（${day.slice(0, 7)}）`,
			topics: topic,
			community_attendees: held ? rng.int(1, 3) : 0,
			committee_attendees: held && committee ? rng.int(special ? 2 : 1, 4) : 0,
			company_attendees: held && (special || rng.chance(0.85)) ? rng.int(1, 2) : 0,
			department_attendees: held && rng.chance(special ? 0.5 : 0.25) ? rng.int(1, 2) : 0,
			departments: null,
			decisions: []
		};
		if (m.department_attendees)
			m.departments = rng.pick(['住建局物业科', '街道城管办', '供水公司', '派出所社区警务室']);
		if (m.status !== 'held') return m;
		const n = special ? rng.int(1, 2) : rng.int(0, 3);
		for (let k = 0; k < n; k++) {
			const d = rng.pick(DECISIONS);
			const due = addDays(day, rng.int(14, 40));
			let status = 'open';
			let done: string | null = null;
			if (due <= today || rng.chance(0.3)) {
				if (rng.chance(special ? 1 : 0.72)) {
					status = 'done';
					const late = !special && rng.chance(0.2);
					done = addDays(
						day,
						late
							? rng.int(41, 70)
							: rng.int(5, Math.max(6, Math.round((Date.parse(due) - Date.parse(day)) / DAY)))
					);
					if (done > today) [status, done] = ['in_progress', null];
				} else status = rng.chance(0.5) ? 'in_progress' : 'open';
			}
			m.decisions.push({
				content: d.content,
				owner: d.owner,
				party: d.party,
				due_on: due,
				status,
				done_on: done,
				ticket: special ? d.category : null
			});
		}
		return m;
	};
	for (const cm of communities) {
		const habit = rng.weighted([0.08, 0.22, 0.3, 0.4]); // monthly, quarterly, now and then, never
		if (habit === 3) continue;
		const ofCommunity = withCommittee.filter((c) => c.community_id === cm && !special.has(c.id));
		const every = habit === 0 ? 30 : habit === 1 ? 91 : 150;
		for (
			let day = addDays(today, -365 + rng.int(0, every));
			day <= today;
			day = addDays(day, every + rng.int(-7, 7))
		) {
			const compound = ofCommunity.length && rng.chance(0.5) ? rng.pick(ofCommunity) : null;
			meetings.push(meeting(cm, compound, day));
		}
	}
	if (yangming) {
		for (let day = addDays(today, -330); day <= today; day = addDays(day, 61 + rng.int(-5, 5)))
			meetings.push(meeting(yangming.community_id, yangming, day));
	}
	if (chengjian) {
		// the pilot: the 15th of every month since June, and the next one planned
		for (let month = pilotStart; month <= addDays(today, 31); month = nextMonth(month)) {
			const m = meeting(chengjian.community_id, chengjian, month, true);
			const latest = nextMonth(month) > today;
			if (latest && m.status === 'held')
				for (const d of m.decisions) Object.assign(d, { status: 'open', done_on: null, ticket: null });
			meetings.push(m);
		}
	}

	const meetingIds = (
		await client.query<{ id: number }>(
			`INSERT INTO joint_meetings (community_id, compound_id, held_on, status, facility_id, place, title, topics,
			   community_attendees, committee_attendees, company_attendees, department_attendees, departments)
			 SELECT community_id, compound_id, held_on, status, facility_id, place, title, topics, community_attendees,
			   committee_attendees, company_attendees, department_attendees, departments
			 FROM jsonb_to_recordset($1::jsonb) AS r (community_id int, compound_id int, held_on date, status text,
			   facility_id int, place text, title text, topics text, community_attendees int, committee_attendees int,
			   company_attendees int, department_attendees int, departments text, n int)
			 ORDER BY n RETURNING id`,
			[JSON.stringify(meetings.map(({ decisions: _d, ...m }, n) => ({ ...m, n })))]
		)
	).rows.map((r) => r.id);
	counts.joint_meetings = meetings.length;

	// decisions; 城建花苑's done ones were followed as tickets, closed when the decision was done
	const decisionRows: Record<string, unknown>[] = [];
	let tickets = 0;
	for (const [i, m] of meetings.entries()) {
		for (const d of m.decisions) {
			let ticketId: number | null = null;
			if (d.ticket && d.status === 'done' && m.compound_id) {
				ticketId = await closedTicket(
					client,
					m.compound_id,
					d.ticket,
					d.content,
					m.held_on,
					d.done_on!,
					opts.now
				);
				tickets++;
			}
			decisionRows.push({
				meeting_id: meetingIds[i],
				content: d.content,
				owner: d.owner,
				owner_party: d.party,
				due_on: d.due_on,
				status: d.status,
				done_on: d.done_on,
				ticket_id: ticketId,
				n: decisionRows.length
			});
		}
	}
	// All of them in one INSERT, in the same order. One INSERT a decision (21,475 at scale 50) took
	// about 33 s, a third of it the statement trigger bumping the governance layer's version each time:
	// the same row updated ever again in one transaction, each update slower than the last. One
	// statement bumps it once, which is all a reader of the version needs: that it changed.
	const decisions = decisionRows.length;
	if (decisions)
		await client.query(
			`INSERT INTO meeting_decisions (meeting_id, content, owner, owner_party, due_on, status, done_on, ticket_id)
			 SELECT meeting_id, content, owner, owner_party, due_on, status, done_on, ticket_id
			 FROM jsonb_to_recordset($1::jsonb) AS r (meeting_id int, content text, owner text, owner_party text,
			   due_on date, status text, done_on date, ticket_id int, n int)
			 ORDER BY n`,
			[JSON.stringify(decisionRows)]
		);
	counts.meeting_decisions = decisions;
	counts.governance_tickets = tickets;

	// consultations: matters raised in compounds with a committee, some settled by vote
	const consultations: Record<string, unknown>[] = [];
	for (const c of withCommittee) {
		if (!special.has(c.id) && !rng.chance(0.25)) continue;
		const raised = addDays(today, -rng.int(10, 330));
		const outcome = rng.weighted([0.25, 0.5, 0.12, 0.13]);
		const decided = outcome === 0 ? null : addDays(raised, rng.int(7, 40));
		const voted = outcome !== 0 && rng.chance(0.5);
		const turnout = Math.floor(c.households * rng.uniform(0.5, 0.8));
		const forShare = outcome === 1 ? rng.uniform(0.67, 0.9) : rng.uniform(0.2, 0.5);
		const votesFor = Math.floor(turnout * forShare);
		const abstain = Math.floor((turnout - votesFor) * 0.2);
		consultations.push({
			community_id: c.community_id,
			compound_id: c.id,
			title: rng.pick(TOPICS),
			kind: rng.pick(CONSULTATION_KINDS),
			raised_by: rng.pick([
				'residents',
				'residents',
				'owners_committee',
				'community_party',
				'property_company'
			]),
			raised_on: raised,
			outcome: ['pending', 'agreed', 'rejected', 'referred'][outcome],
			decided_on: decided && decided <= today ? decided : null,
			votes_for: voted ? votesFor : null,
			votes_against: voted ? turnout - votesFor - abstain : null,
			votes_abstain: voted ? abstain : null
		});
	}
	for (const k of consultations) if (k.outcome !== 'pending' && !k.decided_on) k.outcome = 'pending';
	await client.query(
		`INSERT INTO consultations (community_id, compound_id, title, kind, raised_by, raised_on, outcome, decided_on,
		   votes_for, votes_against, votes_abstain)
		 SELECT community_id, compound_id, title, kind, raised_by, raised_on, outcome, decided_on, votes_for, votes_against, votes_abstain
		 FROM jsonb_to_recordset($1::jsonb) AS r (community_id int, compound_id int, title text, kind text, raised_by text,
		   raised_on date, outcome text, decided_on date, votes_for int, votes_against int, votes_abstain int)`,
		[JSON.stringify(consultations)]
	);
	// a consultation was discussed at the compound's meetings held after it was raised (the first one)
	await client.query(
		`INSERT INTO consultation_meetings (consultation_id, meeting_id)
		 SELECT k.id, m.id FROM consultations k
		   JOIN LATERAL (SELECT id FROM joint_meetings m WHERE m.community_id = k.community_id AND m.status = 'held'
		                 AND m.held_on >= k.raised_on AND (m.compound_id = k.compound_id OR m.compound_id IS NULL)
		                 ORDER BY m.held_on LIMIT 1) m ON true`
	);
	counts.consultations = consultations.length;
	opts.log?.(
		`governance: ${committees.length} owners' committees, ${meetings.length} joint meetings, ${decisions} decisions (${tickets} followed as tickets), ${consultations.length} consultations`
	);
	return counts;
}

/**
 * The day 城建花苑's pilot of monthly joint meetings began, for a seed made on `today`
 * (YYYY-MM-DD, Beijing): the last 15 June at least six months before, so that on any day of the
 * year the pilot has held 7 to 18 meetings (begun on this year's June, a seed made in July had
 * held one, and the seed's story none).
 */
export function pilotStartOn(today: string): string {
	const year = Number(today.slice(0, 4));
	return `${today >= `${year}-12-15` ? year : year - 1}-06-15`;
}

function nextMonth(date: string): string {
	const [y, m] = date.split('-').map(Number);
	return m === 12 ? `${y + 1}-01-15` : `${y}-${String(m + 1).padStart(2, '0')}-15`;
}

/**
 * A ticket filed at the compound the day after the meeting and closed on the day the decision was
 * done, at 17:00 Beijing time or at `now` when that is earlier (a decision done today, seeded in the
 * morning: a closing time still to come would put the ticket's history in the future).
 */
async function closedTicket(
	client: pg.PoolClient,
	compoundId: number,
	category: string,
	content: string,
	heldOn: string,
	doneOn: string,
	now: Date
): Promise<number> {
	const { rows } = await client.query<{ id: number; district_id: number }>(
		`WITH c AS (SELECT c.*, ST_PointOnSurface(c.geom) AS p FROM compounds c WHERE c.id = $1),
		 k AS (SELECT nextval(pg_get_serial_sequence('tickets', 'id')) AS id)
		 INSERT INTO tickets (id, district_id, code, category, urgency, status, description, source, geom, street_id,
		   community_id, grid_cell_id, compound_id, company_id, created_at, accept_due_at, due_at, resolved_at, closed_at,
		   satisfaction)
		 SELECT k.id, c.district_id, ticket_code(k.id, t0), $2, 'normal', 'closed', $3, 'ui', c.p,
		   (SELECT parent_id FROM areas WHERE id = c.community_id), c.community_id,
		   (SELECT g.id FROM grid_cells g WHERE ST_Intersects(g.geom, c.p) AND g.retired_at IS NULL LIMIT 1),
		   c.id, c.company_id, t0, t0 + interval '2 hours', t0 + interval '5 days', t1 - interval '1 day', t1, 5
		 FROM c, k, LATERAL (SELECT ($4::date + 1 + time '09:30') AT TIME ZONE 'Asia/Shanghai' AS t0,
		                            least(($5::date + time '17:00') AT TIME ZONE 'Asia/Shanghai', $6::timestamptz) AS t1) t
		 RETURNING id, district_id`,
		[compoundId, category, content, heldOn, doneOn, now]
	);
	const t = rows[0];
	await client.query(
		`INSERT INTO ticket_events (ticket_id, district_id, at, kind, from_status, to_status, note)
		 SELECT id, $2::int, x.at, x.kind, x.from_status, x.to_status, x.note FROM tickets,
		   LATERAL (VALUES (created_at, 'created', NULL, 'new', $3::text),
		                   (resolved_at, 'resolved', 'in_progress', 'resolved', NULL),
		                   (closed_at, 'closed', 'resolved', 'closed', NULL)) AS x (at, kind, from_status, to_status, note)
		 WHERE id = $1::bigint`,
		[t.id, t.district_id, 'follows a decision of the joint meeting']
	);
	return t.id;
}
