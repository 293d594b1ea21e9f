-- Areas of one level ($1), after their parents: insert, or update by code. Fields the file leaves
-- empty keep their value.
INSERT INTO areas AS a (code, name, level, parent_id, population, households, geom)
SELECT r.code, r.p ->> 'name', r.p ->> 'level', par.id, (r.p ->> 'population')::int, (r.p ->> 'households')::int,
  ST_Multi(r.geom)
FROM import_rows r LEFT JOIN areas par ON par.code = r.p ->> 'parent_code'
WHERE r.p ->> 'level' = $1
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_id = EXCLUDED.parent_id,
  population = coalesce(EXCLUDED.population, a.population), households = coalesce(EXCLUDED.households, a.households),
  geom = EXCLUDED.geom, retired_at = NULL
RETURNING (xmax = 0) AS inserted
