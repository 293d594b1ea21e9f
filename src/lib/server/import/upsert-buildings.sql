-- Buildings: insert, or update by code; the district is the compound's.
INSERT INTO buildings AS b (code, compound_id, district_id, number, floors, households, geom)
SELECT r.code, c.id, c.district_id, r.p ->> 'number', (r.p ->> 'floors')::int,
  coalesce((r.p ->> 'households')::int, 0), ST_Multi(r.geom)
FROM import_rows r JOIN compounds c ON c.code = r.p ->> 'compound_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET compound_id = EXCLUDED.compound_id, district_id = EXCLUDED.district_id,
  number = EXCLUDED.number, floors = EXCLUDED.floors,
  households = CASE WHEN $1::boolean THEN EXCLUDED.households ELSE b.households END,
  geom = EXCLUDED.geom, retired_at = NULL
RETURNING (xmax = 0) AS inserted
