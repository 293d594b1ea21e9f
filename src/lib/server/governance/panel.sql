-- The governance lines of a compound's map panel: committee state (none / expired / active; unfiled
-- committees count as active), its term end, members and party members, held joint meetings for the
-- compound (or its community as a whole) this quarter and the last one held, open decisions. $1 the
-- compound, $2 today, $3 the first day of this quarter.
SELECT
  CASE WHEN oc.id IS NULL THEN 'none' WHEN oc.term_end < $2::date THEN 'expired' ELSE 'active' END AS status,
  oc.term_end::text AS term_end,
  (SELECT count(*)::int FROM committee_members m WHERE m.committee_id = oc.id AND m.retired_at IS NULL) AS members,
  (SELECT count(*)::int FROM committee_members m WHERE m.committee_id = oc.id AND m.retired_at IS NULL AND m.party_member) AS party,
  (SELECT count(*)::int FROM joint_meetings m WHERE m.retired_at IS NULL AND m.status = 'held'
     AND (m.compound_id = c.id OR (m.compound_id IS NULL AND m.community_id = c.community_id))
     AND m.held_on BETWEEN $3::date AND $2::date) AS meetings_quarter,
  (SELECT max(m.held_on)::text FROM joint_meetings m WHERE m.retired_at IS NULL AND m.status = 'held'
     AND (m.compound_id = c.id OR (m.compound_id IS NULL AND m.community_id = c.community_id))
     AND m.held_on <= $2::date) AS last_meeting,
  (SELECT count(*)::int FROM meeting_decisions d JOIN joint_meetings m ON m.id = d.meeting_id
   WHERE d.retired_at IS NULL AND m.retired_at IS NULL AND d.status IN ('open', 'in_progress')
     AND (m.compound_id = c.id OR (m.compound_id IS NULL AND m.community_id = c.community_id))) AS open_decisions
FROM compounds c LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
WHERE c.id = $1
