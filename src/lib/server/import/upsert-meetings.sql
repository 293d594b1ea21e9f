-- Joint meetings: insert, or update by code (a new version).
INSERT INTO joint_meetings AS m (code, community_id, compound_id, held_on, status, title, place, topics,
  community_attendees, committee_attendees, company_attendees, department_attendees, departments)
SELECT r.code, a.id, c.id, (r.p ->> 'held_on')::date, coalesce(r.p ->> 'status', 'held'), r.p ->> 'title',
  r.p ->> 'place', r.p ->> 'topics', coalesce((r.p ->> 'community_attendees')::int, 0),
  coalesce((r.p ->> 'committee_attendees')::int, 0), coalesce((r.p ->> 'company_attendees')::int, 0),
  coalesce((r.p ->> 'department_attendees')::int, 0), r.p ->> 'departments'
FROM import_rows r JOIN areas a ON a.code = r.p ->> 'community_code' AND a.level = 'community'
  LEFT JOIN compounds c ON c.code = r.p ->> 'compound_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET community_id = EXCLUDED.community_id, compound_id = EXCLUDED.compound_id,
  held_on = EXCLUDED.held_on, status = EXCLUDED.status, title = EXCLUDED.title,
  place = coalesce(EXCLUDED.place, m.place), topics = coalesce(EXCLUDED.topics, m.topics),
  community_attendees = EXCLUDED.community_attendees, committee_attendees = EXCLUDED.committee_attendees,
  company_attendees = EXCLUDED.company_attendees, department_attendees = EXCLUDED.department_attendees,
  departments = coalesce(EXCLUDED.departments, m.departments), version = m.version + 1, retired_at = NULL
RETURNING (xmax = 0) AS inserted
