-- The people and organizations around company $1 for the map's side panel: its current party
-- organizations, instructors and cross-appointed supervisors (names; the service hides them from
-- roles that see no personal data).
SELECT pc.id, pc.name, s.party_status,
  (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name), '[]')
   FROM party_org_companies x JOIN party_orgs o ON o.id = x.org_id
   WHERE x.company_id = pc.id AND x.end_on IS NULL AND o.retired_at IS NULL) AS orgs,
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.name), '[]')
   FROM party_instructors i JOIN people p ON p.id = i.person_id
   WHERE i.company_id = pc.id AND i.start_on <= current_date AND (i.end_on IS NULL OR i.end_on >= current_date)
     AND i.retired_at IS NULL) AS instructors,
  (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'title', x.title) ORDER BY p.name), '[]')
   FROM cross_appointments x JOIN people p ON p.id = x.person_id
   WHERE x.company_id = pc.id AND x.start_on <= current_date AND (x.end_on IS NULL OR x.end_on >= current_date)) AS supervisors
FROM property_companies pc JOIN company_party_status s ON s.company_id = pc.id
WHERE pc.id = $1
