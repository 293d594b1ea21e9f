-- Compounds of an area ($1) as points with their owners' committee (state at $2 = today, term, members,
-- party members, party working group) and their held joint meetings since $3 (the compound's own and
-- its community's as a whole), for export. Columns match the committee import (compound_code …).
SELECT c.id, ST_AsGeoJSON(ST_PointOnSurface(c.geom), 7)::jsonb AS geometry,
  c.code AS compound_code, c.name AS compound_name, cm.code AS community_code, cm.name AS community_name,
  c.households,
  CASE WHEN oc.id IS NULL THEN 'none' WHEN oc.term_end < $2::date THEN 'expired' ELSE 'active' END AS committee,
  oc.registered, oc.elected_on::text AS elected_on, oc.term_start::text AS term_start, oc.term_end::text AS term_end,
  oc.party_group,
  (SELECT count(*)::int FROM committee_members m WHERE m.committee_id = oc.id AND m.retired_at IS NULL) AS members,
  (SELECT count(*)::int FROM committee_members m WHERE m.committee_id = oc.id AND m.retired_at IS NULL AND m.party_member) AS party_members,
  (SELECT count(*)::int FROM joint_meetings m WHERE m.retired_at IS NULL AND m.status = 'held' AND m.held_on >= $3::date
     AND m.held_on <= $2::date AND (m.compound_id = c.id OR (m.compound_id IS NULL AND m.community_id = c.community_id))) AS meetings,
  (SELECT max(m.held_on)::text FROM joint_meetings m WHERE m.retired_at IS NULL AND m.status = 'held' AND m.held_on <= $2::date
     AND (m.compound_id = c.id OR (m.compound_id IS NULL AND m.community_id = c.community_id))) AS last_meeting
FROM compounds c JOIN areas cm ON cm.id = c.community_id
  LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
WHERE c.retired_at IS NULL AND cm.path @> ARRAY[$1::int]
ORDER BY c.code
