-- One company's particulars for its scorecard ($1 company id, $2 area id of the viewer's frame, $3
-- today (Beijing), $4 the window in days): its compounds inside the area with households, their
-- owners' committee on $3 (none / expired: the term ended before $3 / active) and the joint meetings
-- held there in the window with someone of the company present, the party-organization links with
-- dates, the instructors and the cross-appointments (current and past). Its fees: card-fees.sql.
SELECT
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name, 'households', c.households,
     'community', cm.name,
     'committee', CASE WHEN oc.id IS NULL THEN 'none' WHEN oc.term_end < $3::date THEN 'expired' ELSE 'active' END,
     'companyMeetings', (SELECT count(*) FROM joint_meetings m
        WHERE m.compound_id = c.id AND m.status = 'held' AND m.retired_at IS NULL AND m.company_attendees > 0
          AND m.held_on > $3::date - $4::int AND m.held_on <= $3::date)) ORDER BY c.name), '[]')
   FROM compounds c JOIN areas cm ON cm.id = c.community_id
     LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
   WHERE c.company_id = $1 AND c.retired_at IS NULL AND cm.path @> ARRAY[$2::int]) AS compounds,
  (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind,
     'from', x.start_on, 'to', x.end_on) ORDER BY x.start_on DESC, o.id), '[]')
   FROM party_org_companies x JOIN party_orgs o ON o.id = x.org_id WHERE x.company_id = $1) AS "partyOrgs",
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'phone', p.phone,
     'from', i.start_on, 'to', i.end_on) ORDER BY i.start_on DESC), '[]')
   FROM party_instructors i JOIN people p ON p.id = i.person_id WHERE i.company_id = $1) AS instructors,
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'phone', p.phone, 'title', x.title,
     'direction', x.direction, 'community', cm.name, 'from', x.start_on, 'to', x.end_on) ORDER BY x.start_on DESC), '[]')
   FROM cross_appointments x JOIN people p ON p.id = x.person_id JOIN areas cm ON cm.id = x.community_id
   WHERE x.company_id = $1) AS "crossAppointments"
