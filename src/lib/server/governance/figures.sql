-- Governance figures of an area ($1) and of each of its child areas: owners' committees of the live
-- compounds (with one, term expired at $2 = today, registered, with a party working group; members and
-- party members of live committees), held joint meetings in the last full quarter ($3 … $4) and in the
-- window ($5, $2] (attendance of each party: meetings where it had someone), decisions due in the
-- window (done on time: done no later than due; dropped ones do not count), communities with no held
-- meeting in the last quarter. Aggregated per community first, then summed up the area tree.
WITH target AS (
  SELECT a.id, a.name, a.level, a.code, a.parent_id, 0 AS ord FROM areas a WHERE a.id = $1
  UNION ALL
  SELECT c.id, c.name, c.level, c.code, c.parent_id, 1 FROM areas c WHERE c.parent_id = $1 AND c.retired_at IS NULL
),
comm AS (
  SELECT a.id, a.path FROM areas a
  WHERE a.level = 'community' AND a.retired_at IS NULL AND a.path @> ARRAY[$1::int]
),
cmp AS (
  SELECT c.community_id,
    count(*) AS compounds,
    count(oc.id) AS with_committee,
    count(oc.id) FILTER (WHERE oc.term_end < $2::date) AS expired,
    count(oc.id) FILTER (WHERE oc.registered) AS registered,
    count(oc.id) FILTER (WHERE oc.party_group) AS party_groups,
    coalesce(sum(mm.members), 0) AS members,
    coalesce(sum(mm.party), 0) AS party_members
  FROM comm JOIN compounds c ON c.community_id = comm.id AND c.retired_at IS NULL
    LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
    LEFT JOIN LATERAL (
      SELECT count(*) AS members, count(*) FILTER (WHERE m.party_member) AS party
      FROM committee_members m WHERE m.committee_id = oc.id AND m.retired_at IS NULL
    ) mm ON oc.id IS NOT NULL
  GROUP BY c.community_id
),
mt AS (
  SELECT m.community_id,
    count(*) FILTER (WHERE m.held_on BETWEEN $3::date AND $4::date) AS meetings_lq,
    count(*) FILTER (WHERE m.held_on > $5::date) AS meetings,
    count(*) FILTER (WHERE m.held_on > $5::date AND m.community_attendees > 0) AS att_community,
    count(*) FILTER (WHERE m.held_on > $5::date AND m.committee_attendees > 0) AS att_committee,
    count(*) FILTER (WHERE m.held_on > $5::date AND m.company_attendees > 0) AS att_company,
    count(*) FILTER (WHERE m.held_on > $5::date AND m.department_attendees > 0) AS att_department
  FROM comm JOIN joint_meetings m ON m.community_id = comm.id
  WHERE m.status = 'held' AND m.retired_at IS NULL AND m.held_on <= $2::date
    AND m.held_on >= least($3::date, $5::date)
  GROUP BY m.community_id
),
dc AS (
  SELECT m.community_id,
    count(*) AS due,
    count(*) FILTER (WHERE d.status = 'done') AS done,
    count(*) FILTER (WHERE d.status = 'done' AND d.done_on <= d.due_on) AS on_time
  FROM comm JOIN joint_meetings m ON m.community_id = comm.id AND m.retired_at IS NULL
    JOIN meeting_decisions d ON d.meeting_id = m.id AND d.retired_at IS NULL AND d.status <> 'dropped'
  WHERE d.due_on > $5::date AND d.due_on <= $2::date
  GROUP BY m.community_id
),
per AS (
  SELECT comm.id, comm.path,
    coalesce(cmp.compounds, 0) AS compounds, coalesce(cmp.with_committee, 0) AS with_committee,
    coalesce(cmp.expired, 0) AS expired, coalesce(cmp.registered, 0) AS registered,
    coalesce(cmp.party_groups, 0) AS party_groups, coalesce(cmp.members, 0) AS members,
    coalesce(cmp.party_members, 0) AS party_members,
    coalesce(mt.meetings_lq, 0) AS meetings_lq, coalesce(mt.meetings, 0) AS meetings,
    coalesce(mt.att_community, 0) AS att_community, coalesce(mt.att_committee, 0) AS att_committee,
    coalesce(mt.att_company, 0) AS att_company, coalesce(mt.att_department, 0) AS att_department,
    coalesce(dc.due, 0) AS due, coalesce(dc.done, 0) AS done, coalesce(dc.on_time, 0) AS on_time
  FROM comm LEFT JOIN cmp ON cmp.community_id = comm.id LEFT JOIN mt ON mt.community_id = comm.id
    LEFT JOIN dc ON dc.community_id = comm.id
)
SELECT t.id, t.name, t.level, t.code, t.parent_id AS "parentId", t.ord,
  count(per.id)::int AS communities,
  coalesce(sum(per.compounds), 0)::int AS compounds,
  coalesce(sum(per.with_committee), 0)::int AS "withCommittee",
  coalesce(sum(per.expired), 0)::int AS expired,
  coalesce(sum(per.registered), 0)::int AS registered,
  coalesce(sum(per.party_groups), 0)::int AS "partyGroups",
  coalesce(sum(per.members), 0)::int AS members,
  coalesce(sum(per.party_members), 0)::int AS "partyMembers",
  coalesce(sum(per.meetings_lq), 0)::int AS "meetingsLastQuarter",
  (count(per.id) FILTER (WHERE per.meetings_lq = 0))::int AS "communitiesWithoutMeeting",
  coalesce(sum(per.meetings), 0)::int AS meetings,
  coalesce(sum(per.att_community), 0)::int AS "attCommunity",
  coalesce(sum(per.att_committee), 0)::int AS "attCommittee",
  coalesce(sum(per.att_company), 0)::int AS "attCompany",
  coalesce(sum(per.att_department), 0)::int AS "attDepartment",
  coalesce(sum(per.due), 0)::int AS "decisionsDue",
  coalesce(sum(per.done), 0)::int AS "decisionsDone",
  coalesce(sum(per.on_time), 0)::int AS "decisionsOnTime"
FROM target t LEFT JOIN per ON per.path @> ARRAY[t.id]
GROUP BY t.id, t.name, t.level, t.code, t.parent_id, t.ord
ORDER BY t.ord, t.code
