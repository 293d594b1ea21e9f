// Three parties at one table (三方联动): the figures of owners' committees and joint meetings per area,
// one compound's committee, meetings, decisions and consultations, the lines of the compound's map
// panel, and a decision turned into a ticket. Records are written through the editing service
// (GOVERNANCE_SPECS in specs.ts); this module reads them and links decisions to tickets.
import { z } from 'zod';
import type { FigureCounts, FigureRow, GovernanceFigures, GovernanceGap } from '../../api-types';
import { assertAreaInScope, sees, ticketInScope } from '../auth/scope';
import { maskName, maskPhone, scopeOf, type Scope, type SessionUser } from '../auth/roles';
import { db, withTransaction } from '../db/pool';
import { InputError } from '../http';
import { writeAudit } from '../audit/log';
import { getRecord, readRecord } from '../editing/service';
import { CATEGORIES, createTicket } from '../tickets/service';
import { analysisQuery } from '../analysis/query';
import { layerState, questionKey, snapshot } from '../analysis/snapshot';
import type { FieldValue } from '$lib/map/types';
import type { CompoundGovernance } from '../../api-types';
import { beijingToday, lastQuarter, percent } from './rules';
import figuresSql from './figures.sql?raw';
import gapsSql from './gaps.sql?raw';
import quartersSql from './quarters.sql?raw';
import compoundSql from './compound.sql?raw';
import panelSql from './panel.sql?raw';
import exportSql from './export.sql?raw';
import mapSql from './map.sql?raw';

export const FiguresQuery = z.object({
	area: z.coerce.number().int().positive().max(2_147_483_647).optional(),
	/** the window of attendance and decisions, in days before today (default 365) */
	days: z.coerce.number().int().min(7).max(3660).default(365),
	/** the quarters in the per-quarter table (default 4, the current one included) */
	quarters: z.coerce.number().int().min(1).max(12).default(4)
});

/** Derives the shares of a row of counts (the formulas named on FigureRow). */
export function withShares(c: FigureCounts): FigureRow {
	return {
		...c,
		committeeCoverage: percent(c.withCommittee, c.compounds),
		withoutCommittee: c.compounds - c.withCommittee,
		partyShare: percent(c.partyMembers, c.members),
		meetingsPerCommunity: c.communities
			? Math.round((c.meetingsLastQuarter / c.communities) * 100) / 100
			: null,
		attendance: {
			community: percent(c.attCommunity, c.meetings),
			committee: percent(c.attCommittee, c.meetings),
			company: percent(c.attCompany, c.meetings),
			department: percent(c.attDepartment, c.meetings)
		},
		onTimeRate: percent(c.decisionsOnTime, c.decisionsDue)
	};
}

/** What the governance figures read: committees, members, meetings, decisions, compounds, areas. */
const GOVERNANCE_DATA = layerState(['areas', 'compounds', 'governance']);

const shiftDays = (date: string, days: number) =>
	new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** The first day of the quarter `back` quarters before the one `date` is in. */
function quarterStart(date: string, back: number): string {
	const [y, m] = date.split('-').map(Number);
	const index = y * 4 + Math.floor((m - 1) / 3) - back;
	return `${Math.floor(index / 4)}-${String((index % 4) * 3 + 1).padStart(2, '0')}-01`;
}

async function defaultArea(scope: Scope): Promise<number> {
	if (scope.kind === 'area') return scope.areaId;
	const { rows } = await db().query(
		`SELECT id FROM areas WHERE level = 'city' AND retired_at IS NULL ORDER BY id LIMIT 1`
	);
	if (!rows[0]) throw new InputError(404, 'area', 'no city area');
	return rows[0].id;
}

/**
 * Figures of owners' committees and joint meetings for an area (default: the official's own area, or
 * the city) and each of its children, with the per-quarter meeting table and the gaps (compounds with
 * no or an expired committee, communities with no meeting last quarter; at most 200 of each).
 * 404 an unknown area, 403 outside the official's subtree. `today` (YYYY-MM-DD, Beijing) for tests.
 */
export async function governanceFigures(
	q: z.infer<typeof FiguresQuery>,
	scope: Scope,
	today = beijingToday()
): Promise<GovernanceFigures> {
	const areaId = q.area ?? (await defaultArea(scope));
	const exists = await db().query('SELECT 1 FROM areas WHERE id = $1', [areaId]);
	if (!exists.rows[0]) throw new InputError(404, 'area', `no area ${areaId}`);
	await assertAreaInScope(db(), scope, areaId);
	const lq = lastQuarter(today);
	const windowFrom = shiftDays(today, q.days);
	const firstQuarter = quarterStart(today, q.quarters - 1);
	// every live compound, meeting and decision of the area (2 s for the city at scale 40): kept while
	// they are unchanged (analysis/snapshot.ts), so a meeting just recorded is counted at once
	const stored = await snapshot(
		questionKey('governance/figures', areaId, today, q.days, q.quarters),
		async () => {
			const [figures, quarters, gaps] = await Promise.all([
				analysisQuery<FigureCounts & { ord: number }>(figuresSql, [
					areaId,
					today,
					lq.from,
					lq.to,
					windowFrom
				]),
				analysisQuery<{ id: number; quarter: string; meetings: number }>(quartersSql, [
					areaId,
					firstQuarter,
					today
				]),
				analysisQuery<GovernanceGap>(gapsSql, [areaId, today, lq.from, lq.to, 200])
			]);
			return { figures, quarters, gaps };
		},
		{ state: GOVERNANCE_DATA }
	);
	const { figures, quarters, gaps } = stored.value;
	const rows = figures.map(({ ord, ...r }) => ({ ord, row: withShares(r) }));
	const area = rows.find((r) => r.ord === 0)!.row;
	const children = rows.filter((r) => r.ord === 1).map((r) => r.row);
	const labels = Array.from({ length: q.quarters }, (_, i) => {
		const start = quarterStart(today, q.quarters - 1 - i);
		return `${start.slice(0, 4)}-Q${(Number(start.slice(5, 7)) - 1) / 3 + 1}`;
	});
	const byArea = new Map<number, Map<string, number>>();
	for (const r of quarters) {
		if (!byArea.has(r.id)) byArea.set(r.id, new Map());
		byArea.get(r.id)!.set(r.quarter, r.meetings);
	}
	const tableRows = (children.length ? children : [area]).map((a) => ({
		id: a.id,
		name: a.name,
		communities: a.communities,
		counts: labels.map((l) => byArea.get(a.id)?.get(l) ?? 0)
	}));
	return {
		today,
		asOf: stored.asOf.toISOString(),
		lastQuarter: lq,
		windowFrom,
		area,
		children,
		quarters: { labels, rows: tableRows },
		gaps
	};
}

/** The owners' committee layer of the map: counts per class and the communities to outline. */
export interface CommitteeMap {
	/** the day the classes are counted on (YYYY-MM-DD, Beijing) and the quarter meetings count in */
	today: string;
	lastQuarter: { from: string; to: string; label: string };
	/** the area counted: the official's own area, or the city */
	areaId: number;
	/** live compounds with no owners' committee, with an expired term, with one in office; communities with no held meeting last quarter */
	counts: { none: number; expired: number; active: number; no_meeting: number };
	/** ids of those communities (areas), for the map's filter */
	noMeeting: number[];
}

/**
 * The owners' committee layer of the map for the user's area (an official's own area, else the
 * city): compounds per committee class on `today` and the communities with no held joint meeting in
 * the last full quarter — the rules of governanceFigures, so the counts equal its figures
 * (none = withoutCommittee, expired, active = withCommittee − expired, communitiesWithoutMeeting).
 */
export async function committeeMap(scope: Scope, today = beijingToday()): Promise<CommitteeMap> {
	const areaId = await defaultArea(scope);
	const lq = lastQuarter(today);
	const { rows } = await db().query<{
		none: number;
		expired: number;
		active: number;
		no_meeting: number[];
	}>(mapSql, [areaId, today, lq.from, lq.to]);
	const r = rows[0];
	return {
		today,
		lastQuarter: lq,
		areaId,
		counts: { none: r.none, expired: r.expired, active: r.active, no_meeting: r.no_meeting.length },
		noMeeting: r.no_meeting
	};
}

/**
 * One compound's owners' committee (members: names masked for roles without personal data, phones
 * masked except for admins), its joint meetings (and its community's) with decisions, and its
 * consultations. 404 an unknown compound, 403 outside the official's subtree.
 */
export async function compoundGovernance(id: number, scope: Scope): Promise<CompoundGovernance> {
	const { rows } = await db().query<CompoundGovernance>(compoundSql, [id]);
	const c = rows[0];
	if (!c) throw new InputError(404, 'id', `compound ${id} does not exist`);
	await assertAreaInScope(db(), scope, c.communityId);
	if (c.committee) {
		const names = sees(scope, 'people');
		c.committee.members = c.committee.members.map((m) => ({
			...m,
			name: names ? m.name : maskName(m.name)!,
			phone: scope.kind === 'all' ? m.phone : maskPhone(m.phone)
		}));
	}
	return c;
}

/**
 * The governance lines of a compound's side panel on the map (keys under map.field.*): committee
 * state (none / expired / active), its term end, members and party members, held joint meetings this
 * quarter and the last one, open decisions. Counts only: no personal data.
 */
export async function compoundPanelFields(
	id: number,
	today = beijingToday()
): Promise<[string, FieldValue][]> {
	const { rows } = await db().query(panelSql, [id, today, quarterStart(today, 0)]);
	const p = rows[0];
	if (!p) return [];
	return [
		['ownersCommittee', p.status],
		['committeeTermEnd', p.term_end],
		['committeeMembers', p.status === 'none' ? null : p.members],
		['committeePartyMembers', p.status === 'none' ? null : p.party],
		['meetingsThisQuarter', p.meetings_quarter],
		['lastMeeting', p.last_meeting],
		['openDecisions', p.open_decisions]
	];
}

export const GovernanceExportQuery = z.object({
	area: z.coerce.number().int().positive().max(2_147_483_647).optional(),
	/** meetings counted over the last `days` days (default 365) */
	days: z.coerce.number().int().min(7).max(3660).default(365)
});

/**
 * The compounds of an area (default: the official's own, or the city) as GeoJSON points (point on
 * surface) with their committee and meeting figures, for the export registry. 404 unknown area, 403
 * outside the official's subtree.
 */
export async function governanceExport(
	q: z.infer<typeof GovernanceExportQuery>,
	scope: Scope,
	today = beijingToday()
) {
	const areaId = q.area ?? (await defaultArea(scope));
	const exists = await db().query('SELECT 1 FROM areas WHERE id = $1', [areaId]);
	if (!exists.rows[0]) throw new InputError(404, 'area', `no area ${areaId}`);
	await assertAreaInScope(db(), scope, areaId);
	const { rows } = await db().query(exportSql, [areaId, today, shiftDays(today, q.days)]);
	return {
		type: 'FeatureCollection' as const,
		features: rows.map(({ id, geometry, ...properties }) => ({
			type: 'Feature' as const,
			id,
			geometry,
			properties
		}))
	};
}

/**
 * The governance line of a property company's panel (its scorecard): of the live compounds it manages,
 * how many have a live owners' committee whose term has not ended (key compoundsWithCommittee).
 */
export async function companyPanelFields(
	id: number,
	today = beijingToday()
): Promise<[string, FieldValue][]> {
	const { rows } = await db().query(
		`SELECT count(*)::int AS compounds, count(oc.id) FILTER (WHERE oc.term_end >= $2::date)::int AS active
		 FROM compounds c LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
		 WHERE c.company_id = $1 AND c.retired_at IS NULL`,
		[id, today]
	);
	return [['compoundsWithCommittee', rows[0].compounds ? `${rows[0].active} / ${rows[0].compounds}` : null]];
}

export const DecisionTicketBody = z
	.object({
		category: z.enum(CATEGORIES).default('other'),
		description: z.string().trim().min(1).max(2000).optional()
	})
	.strict();

/**
 * Turns a decision into a ticket (linked both ways: the decision keeps `ticket_id`, the ticket's
 * history gets a note naming the decision and its meeting). The ticket lies at the meeting's compound
 * (else its community) and goes through the usual routing and SLA; the decision becomes in progress and
 * from then on follows the ticket (trigger decisions_follow_ticket: closed → done). Retrying after a
 * failure reuses the same ticket (an idempotency key per decision and user).
 * 404 unknown decision, 403 outside scope, 409 already linked, 422 done, dropped or retired.
 */
export async function decisionToTicket(
	id: number,
	body: z.infer<typeof DecisionTicketBody>,
	user: SessionUser
): Promise<{ decision: Record<string, unknown>; ticketId: number; ticketCode: string }> {
	const d = await getRecord('decisions', id, scopeOf(user));
	if (d.retiredAt) throw new InputError(422, 'id', `decision ${id} is retired`);
	if (d.ticketId)
		throw new InputError(409, 'ticketId', `decision ${id} is already followed as ticket ${d.ticketCode}`);
	if (d.status === 'done' || d.status === 'dropped')
		throw new InputError(422, 'status', `decision ${id} is ${d.status}: nothing left to follow`);
	const { rows } = await db().query(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM joint_meetings m
		   LEFT JOIN compounds c ON c.id = m.compound_id JOIN areas a ON a.id = m.community_id,
		   LATERAL (SELECT ST_PointOnSurface(coalesce(c.geom, a.geom)) AS p) x
		 WHERE m.id = $1`,
		[d.meetingId]
	);
	const created = await createTicket(
		{
			category: body.category,
			description: body.description ?? `${d.content}（${d.owner}，${d.dueOn}）`,
			lon: rows[0].lon,
			lat: rows[0].lat
		},
		user,
		'ui',
		{ idempotencyKey: `governance-decision-${id}` }
	);
	const ticketId = created.ticket.id;
	return withTransaction(async (q) => {
		const before = await readRecord(q, 'decisions', id, true);
		if (before!.ticketId && before!.ticketId !== ticketId)
			throw new InputError(
				409,
				'ticketId',
				`decision ${id} was linked to ticket ${before!.ticketCode} meanwhile`
			);
		if (!before!.ticketId) {
			await q.query(
				`UPDATE meeting_decisions SET ticket_id = $2, version = version + 1,
				   status = CASE WHEN status = 'open' THEN 'in_progress' ELSE status END WHERE id = $1`,
				[id, ticketId]
			);
			const t = (await q.query('SELECT district_id, status FROM tickets WHERE id = $1', [ticketId])).rows[0];
			await q.query(
				`INSERT INTO ticket_events (ticket_id, district_id, kind, from_status, to_status, actor_user_id, note)
				 VALUES ($1, $2, 'note', $3, $3, $4, $5)`,
				[ticketId, t.district_id, t.status, user.id, `follows decision ${id} of joint meeting ${d.meetingId}`]
			);
		}
		const after = (await readRecord(q, 'decisions', id))!;
		if (!before!.ticketId)
			await writeAudit(q, {
				actorUserId: user.id,
				action: 'update',
				entity: 'decisions',
				entityId: id,
				before,
				after,
				note: `turned into ticket ${created.ticket.code}`
			});
		return { decision: after, ticketId, ticketCode: created.ticket.code };
	});
}

/**
 * The decisions followed as a ticket (the link from the ticket's side), when the ticket is in the
 * caller's ticket scope (404 otherwise, as for the ticket itself).
 */
export async function decisionsOfTicket(ticketId: number, scope: Scope) {
	if (!(await ticketInScope(db(), scope, ticketId)))
		throw new InputError(404, 'id', `ticket ${ticketId} does not exist or is outside your scope`);
	const { rows } = await db().query(
		`SELECT d.id, d.meeting_id AS "meetingId", m.community_id AS "communityId", m.compound_id AS "compoundId",
		   m.title AS meeting, m.held_on::text AS "heldOn", d.content, d.owner, d.due_on::text AS "dueOn", d.status,
		   d.done_on::text AS "doneOn"
		 FROM meeting_decisions d JOIN joint_meetings m ON m.id = d.meeting_id
		 WHERE d.ticket_id = $1 AND d.retired_at IS NULL ORDER BY d.id`,
		[ticketId]
	);
	return rows;
}
