-- Grid cells: insert, or update by code; the district is the community's (path: city, district, …).
INSERT INTO grid_cells AS g (code, name, community_id, district_id, geom)
SELECT r.code, r.p ->> 'name', c.id, c.path[2], ST_Multi(r.geom)
FROM import_rows r JOIN areas c ON c.code = r.p ->> 'community_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, community_id = EXCLUDED.community_id,
  district_id = EXCLUDED.district_id, geom = EXCLUDED.geom, retired_at = NULL
RETURNING (xmax = 0) AS inserted
