-- Routes a point ($1 lon, $2 lat) to the areas, grid cell, compound and building it falls in.
-- Boundaries count as inside (ST_Covers). A point on the shared edge of two cells (or areas) goes
-- to the one with the smallest code: deterministic, and the same rule everywhere.
-- Every lookup is an index probe (the point against GiST-indexed polygons).
WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
SELECT d.id AS district_id, s.id AS street_id, c.id AS community_id,
       gc.id AS grid_cell_id, gc.worker_id,
       cmp.id AS compound_id, cmp.company_id,
       b.id AS building_id, b.steward_id
FROM pt
LEFT JOIN LATERAL (SELECT id FROM areas WHERE level = 'district' AND retired_at IS NULL AND ST_Covers(geom, pt.g) ORDER BY code LIMIT 1) d ON true
LEFT JOIN LATERAL (SELECT id FROM areas WHERE level = 'street' AND retired_at IS NULL AND ST_Covers(geom, pt.g) ORDER BY code LIMIT 1) s ON true
LEFT JOIN LATERAL (SELECT id FROM areas WHERE level = 'community' AND retired_at IS NULL AND ST_Covers(geom, pt.g) ORDER BY code LIMIT 1) c ON true
LEFT JOIN LATERAL (SELECT id, worker_id FROM grid_cells WHERE retired_at IS NULL AND ST_Covers(geom, pt.g) ORDER BY code LIMIT 1) gc ON true
LEFT JOIN LATERAL (SELECT id, company_id FROM compounds WHERE retired_at IS NULL AND ST_Covers(geom, pt.g) ORDER BY code LIMIT 1) cmp ON true
-- the nearest building within 30 m: a bounding-box probe (0.0005° ≥ 48 m here), then true metres
LEFT JOIN LATERAL (
  SELECT id, steward_id FROM buildings
  WHERE retired_at IS NULL AND geom && ST_Expand(pt.g, 0.0005)
    AND ST_DWithin(geom::geography, pt.g::geography, 30)
  ORDER BY ST_Distance(geom::geography, pt.g::geography), code LIMIT 1
) b ON true
