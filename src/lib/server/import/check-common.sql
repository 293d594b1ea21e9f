-- Rejects every layer shares, on rows whose geometry is not already rejected: $1 whether the layer's
-- features must lie in the city (spatial layers). Outside: no part in any city area (a new city's own
-- boundary is exempt); empty after repair; a key that occurs twice in the file.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'geometry', 'empty geometry (nothing was left after the repair)'
FROM import_rows r WHERE r.geom IS NOT NULL AND ST_IsEmpty(r.geom)
UNION ALL
SELECT r.row, 'geometry', 'outside the city: no part of it lies in ' || string_agg(c.name, ', ')
FROM import_rows r, areas c
WHERE $1::boolean AND r.geom IS NOT NULL AND NOT ST_IsEmpty(r.geom) AND c.level = 'city' AND c.retired_at IS NULL
  AND r.p ->> 'level' IS DISTINCT FROM 'city'
  AND r.row NOT IN (SELECT row FROM import_rejects WHERE field = 'geometry')
GROUP BY r.row HAVING NOT bool_or(ST_Intersects(c.geom, r.geom))
UNION ALL
SELECT d.row, 'code', 'duplicate key "' || d.code || '": also in row ' || d.first
FROM (SELECT row, code, min(row) OVER (PARTITION BY code) AS first FROM import_rows) d
WHERE d.row <> d.first
