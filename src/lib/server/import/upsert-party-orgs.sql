-- Party organizations: insert, or update by code (parents and covered companies follow in
-- party-orgs-links.sql, once every organization of the file exists).
INSERT INTO party_orgs AS o (code, name, kind, area_id, compound_id, members, founded_on, geom)
SELECT r.code, r.p ->> 'name', r.p ->> 'kind', a.id, c.id, coalesce((r.p ->> 'members')::int, 0),
  (r.p ->> 'founded_on')::date, r.geom
FROM import_rows r LEFT JOIN areas a ON a.code = r.p ->> 'area_code'
  LEFT JOIN compounds c ON c.code = r.p ->> 'compound_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
  area_id = coalesce(EXCLUDED.area_id, o.area_id), compound_id = coalesce(EXCLUDED.compound_id, o.compound_id),
  members = CASE WHEN $1::boolean THEN EXCLUDED.members ELSE o.members END,
  founded_on = coalesce(EXCLUDED.founded_on, o.founded_on), geom = coalesce(EXCLUDED.geom, o.geom),
  retired_at = NULL
RETURNING (xmax = 0) AS inserted
