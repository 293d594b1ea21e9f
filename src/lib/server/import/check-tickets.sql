-- Historic tickets: inside a district, with times in order.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'geometry', 'in no district of the city'
FROM import_rows r
WHERE r.geom IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM areas a WHERE a.level = 'district' AND a.retired_at IS NULL AND ST_Covers(a.geom, r.geom))
  AND r.row NOT IN (SELECT row FROM import_rejects WHERE field = 'geometry')
UNION ALL
SELECT r.row, f.field, f.field || ' is before created_at'
FROM import_rows r, (VALUES ('due_at'), ('resolved_at'), ('closed_at')) AS f (field)
WHERE (r.p ->> f.field)::timestamptz < (r.p ->> 'created_at')::timestamptz
