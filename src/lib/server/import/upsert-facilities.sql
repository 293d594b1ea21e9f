-- Facilities: insert, or update by code; empty optional fields keep their value.
INSERT INTO facilities AS f (code, type, name, capacity, floor_area, opened_on, area_id, compound_id, geom)
SELECT r.code, r.p ->> 'type', r.p ->> 'name', (r.p ->> 'capacity')::int, (r.p ->> 'floor_area')::numeric,
  (r.p ->> 'opened_on')::date, a.id, c.id, r.geom
FROM import_rows r LEFT JOIN areas a ON a.code = r.p ->> 'area_code'
  LEFT JOIN compounds c ON c.code = r.p ->> 'compound_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name,
  capacity = coalesce(EXCLUDED.capacity, f.capacity), floor_area = coalesce(EXCLUDED.floor_area, f.floor_area),
  opened_on = coalesce(EXCLUDED.opened_on, f.opened_on), area_id = coalesce(EXCLUDED.area_id, f.area_id),
  compound_id = coalesce(EXCLUDED.compound_id, f.compound_id), geom = EXCLUDED.geom, retired_at = NULL
RETURNING (xmax = 0) AS inserted
