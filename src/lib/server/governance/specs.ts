// The governance records (三方联动) as editable layers of the editing service: owners' committees,
// their members, joint meetings, decisions and consultations. The generic service (editing/service.ts)
// validates, checks scope and version, writes and audits them like every other record; these specs
// add what only they need (one committee per compound, one position per member, votes within the
// compound's households, a compound inside its community).
import type { Queryable } from '../db/pool';
import { InputError } from '../http';
import { ref, unprocessable } from '../editing/refs';
import type { Spec, Values } from '../editing/specs';
import { beijingToday, voteOverflow } from './rules';

const community = (q: Queryable, id: unknown, field = 'communityId') =>
	ref(q, 'areas', id, field, `level = 'community'`, 'is not a community');

/** A compound given beside a community must lie in it (422 naming compoundId). */
async function compoundIn(q: Queryable, compoundId: unknown, communityId: unknown) {
	const c = await ref(q, 'compounds', compoundId, 'compoundId');
	if (c && c.community_id !== communityId)
		throw unprocessable('compoundId', `compound ${compoundId} is not in community ${communityId}`);
	return c;
}

const compoundCommunity = async (q: Queryable, compoundId: unknown): Promise<number[]> => {
	if (!compoundId) return [];
	const { rows } = await q.query('SELECT community_id FROM compounds WHERE id = $1', [compoundId]);
	return rows.map((r) => r.community_id);
};

const inSubtree = (col: string) => (p: string) =>
	`t.${col} IN (SELECT id FROM areas WHERE path @> ARRAY[${p}::int])`;
const compoundInSubtree = (expr: string) => (p: string) =>
	`${expr} IN (SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.path @> ARRAY[${p}::int])`;

export const GOVERNANCE_SPECS: Record<
	'owner-committees' | 'committee-members' | 'meetings' | 'decisions' | 'consultations',
	Spec
> = {
	'owner-committees': {
		table: 'owner_committees',
		place: 'compoundId',
		columns: {
			compoundId: 'compound_id',
			registered: 'registered',
			electedOn: 'elected_on',
			termStart: 'term_start',
			termEnd: 'term_end',
			partyGroup: 'party_group',
			note: 'note'
		},
		dates: ['electedOn', 'termStart', 'termEnd'],
		extraSelect: `(SELECT name FROM compounds c WHERE c.id = t.compound_id) AS "compoundName"`,
		label: `(SELECT name FROM compounds c WHERE c.id = t.compound_id) || ' 业委会 ' || t.term_start::text || '–' || t.term_end::text`,
		search: [],
		inSubtree: compoundInSubtree('t.compound_id'),
		areasOf: (q, v) => compoundCommunity(q, v.compoundId),
		retirable: true,
		check: async (q, v, id) => {
			await ref(q, 'compounds', v.compoundId, 'compoundId');
			if (v.retired !== true) {
				const { rows } = await q.query(
					`SELECT id FROM owner_committees WHERE compound_id = $1 AND retired_at IS NULL AND id IS DISTINCT FROM $2`,
					[v.compoundId, id]
				);
				if (rows[0])
					throw new InputError(
						409,
						'compoundId',
						`compound ${v.compoundId} already has a committee (${rows[0].id}): edit it or retire it first`
					);
			}
			return {};
		}
	},
	'committee-members': {
		table: 'committee_members',
		place: 'committeeId',
		columns: {
			committeeId: 'committee_id',
			name: 'name',
			phone: 'phone',
			position: 'position',
			partyMember: 'party_member'
		},
		label: `t.name || ' (' || t.position || ')'`,
		search: ['name'],
		inSubtree: compoundInSubtree(
			'(SELECT oc.compound_id FROM owner_committees oc WHERE oc.id = t.committee_id)'
		),
		areasOf: async (q, v) => {
			const { rows } = await q.query(
				`SELECT c.community_id FROM owner_committees oc JOIN compounds c ON c.id = oc.compound_id WHERE oc.id = $1`,
				[v.committeeId]
			);
			return rows.map((r) => r.community_id);
		},
		retirable: true,
		check: async (q, v, id) => {
			await ref(q, 'owner_committees', v.committeeId, 'committeeId');
			if (v.retired === true) return {};
			// the same person (name and phone) holds one position in a committee
			const same = await q.query(
				`SELECT id, position FROM committee_members WHERE committee_id = $1 AND name = $2
				   AND coalesce(phone, '') = coalesce($3, '') AND retired_at IS NULL AND id IS DISTINCT FROM $4`,
				[v.committeeId, v.name, v.phone ?? null, id]
			);
			if (same.rows[0])
				throw unprocessable(
					'position',
					`${v.name} already holds the position ${same.rows[0].position} in committee ${v.committeeId} (member ${same.rows[0].id}): one person, one position`
				);
			if (v.position === 'chair') {
				const chair = await q.query(
					`SELECT id FROM committee_members WHERE committee_id = $1 AND position = 'chair'
					   AND retired_at IS NULL AND id IS DISTINCT FROM $2`,
					[v.committeeId, id]
				);
				if (chair.rows[0])
					throw unprocessable(
						'position',
						`committee ${v.committeeId} already has a chair (member ${chair.rows[0].id})`
					);
			}
			return {};
		}
	},
	meetings: {
		table: 'joint_meetings',
		place: 'communityId',
		columns: {
			communityId: 'community_id',
			compoundId: 'compound_id',
			title: 'title',
			heldOn: 'held_on',
			status: 'status',
			facilityId: 'facility_id',
			place: 'place',
			topics: 'topics',
			communityAttendees: 'community_attendees',
			committeeAttendees: 'committee_attendees',
			companyAttendees: 'company_attendees',
			departmentAttendees: 'department_attendees',
			departments: 'departments'
		},
		dates: ['heldOn'],
		label: `t.held_on::text || ' ' || t.title`,
		search: ['title', 'topics'],
		inSubtree: inSubtree('community_id'),
		areasOf: async (_q, v) => (v.communityId ? [v.communityId as number] : []),
		retirable: true,
		check: async (q, v) => {
			await community(q, v.communityId);
			await compoundIn(q, v.compoundId, v.communityId);
			await ref(q, 'facilities', v.facilityId, 'facilityId');
			return {};
		}
	},
	decisions: {
		table: 'meeting_decisions',
		place: 'meetingId',
		columns: {
			meetingId: 'meeting_id',
			content: 'content',
			owner: 'owner',
			ownerParty: 'owner_party',
			dueOn: 'due_on',
			status: 'status',
			consultationId: 'consultation_id'
		},
		dates: ['dueOn'],
		// done_on is derived from status and doneOn by check (so it is not a plain column here)
		extraSelect: `t.done_on::text AS "doneOn", t.ticket_id::int AS "ticketId", (SELECT code FROM tickets k WHERE k.id = t.ticket_id) AS "ticketCode",
			(SELECT status FROM tickets k WHERE k.id = t.ticket_id) AS "ticketStatus"`,
		label: `t.due_on::text || ' ' || left(t.content, 40)`,
		search: ['content', 'owner'],
		inSubtree: (p) =>
			`t.meeting_id IN (SELECT m.id FROM joint_meetings m JOIN areas a ON a.id = m.community_id WHERE a.path @> ARRAY[${p}::int])`,
		areasOf: async (q, v) => {
			const { rows } = await q.query('SELECT community_id FROM joint_meetings WHERE id = $1', [v.meetingId]);
			return rows.map((r) => r.community_id);
		},
		retirable: true,
		check: async (q, v) => {
			await ref(q, 'joint_meetings', v.meetingId, 'meetingId');
			await ref(q, 'consultations', v.consultationId, 'consultationId');
			const status = (v.status as string | null) ?? 'open';
			// a done decision has its date (today unless given); any other state has none
			return { done_on: status === 'done' ? ((v.doneOn as string | null) ?? beijingToday()) : null };
		}
	},
	consultations: {
		table: 'consultations',
		place: 'communityId',
		columns: {
			communityId: 'community_id',
			compoundId: 'compound_id',
			title: 'title',
			kind: 'kind',
			raisedBy: 'raised_by',
			raisedOn: 'raised_on',
			outcome: 'outcome',
			decidedOn: 'decided_on',
			votesFor: 'votes_for',
			votesAgainst: 'votes_against',
			votesAbstain: 'votes_abstain',
			ticketId: 'ticket_id'
		},
		dates: ['raisedOn', 'decidedOn'],
		extraSelect: `ARRAY(SELECT meeting_id FROM consultation_meetings WHERE consultation_id = t.id ORDER BY 1) AS "meetingIds",
			ARRAY(SELECT id FROM meeting_decisions WHERE consultation_id = t.id AND retired_at IS NULL ORDER BY 1) AS "decisionIds"`,
		label: `t.raised_on::text || ' ' || t.title`,
		search: ['title'],
		inSubtree: inSubtree('community_id'),
		areasOf: async (_q, v) => (v.communityId ? [v.communityId as number] : []),
		retirable: true,
		check: async (q, v) => {
			await community(q, v.communityId);
			const c = await compoundIn(q, v.compoundId, v.communityId);
			if (v.ticketId !== null && v.ticketId !== undefined) {
				const { rows } = await q.query('SELECT 1 FROM tickets WHERE id = $1', [v.ticketId]);
				if (!rows[0]) throw unprocessable('ticketId', `ticket ${v.ticketId} does not exist`);
			}
			const hasVotes = ['votesFor', 'votesAgainst', 'votesAbstain'].some(
				(f) => v[f] !== null && v[f] !== undefined
			);
			if (hasVotes) {
				if (!c) throw unprocessable('compoundId', "owners' votes are counted in a compound: name it");
				const over = voteOverflow(v, c.households);
				if (over)
					throw unprocessable(
						over.field,
						`${over.total} votes are more than the compound's ${c.households} households`
					);
			}
			const ids = (v.meetingIds as number[] | null) ?? [];
			if (new Set(ids).size !== ids.length) throw new InputError(400, 'meetingIds', 'lists a meeting twice');
			for (const m of ids) {
				const meeting = await ref(q, 'joint_meetings', m, 'meetingIds');
				if (meeting.community_id !== v.communityId)
					throw unprocessable('meetingIds', `meeting ${m} was held for another community`);
			}
			return {};
		},
		afterWrite: async (q, id, v, changed) => {
			if (!changed.has('meetingIds')) return;
			const ids = (v.meetingIds as number[] | null) ?? [];
			await q.query(
				'DELETE FROM consultation_meetings WHERE consultation_id = $1 AND NOT (meeting_id = ANY ($2::int[]))',
				[id, ids]
			);
			await q.query(
				`INSERT INTO consultation_meetings (consultation_id, meeting_id) SELECT $1, m FROM unnest($2::int[]) AS m
				 ON CONFLICT DO NOTHING`,
				[id, ids]
			);
		}
	}
};

export type { Values };
