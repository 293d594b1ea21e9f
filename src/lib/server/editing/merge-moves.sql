-- Buildings (by a point on their surface) of the cells $2 that move into the kept cell $1.
SELECT count(b.id)::int AS buildings, coalesce(sum(b.households), 0)::int AS households,
  coalesce(array_agg(b.code ORDER BY b.code) FILTER (WHERE b.id IS NOT NULL), '{}') AS building_codes
FROM grid_cells c
JOIN buildings b ON b.retired_at IS NULL AND b.geom && c.geom AND ST_Intersects(c.geom, ST_PointOnSurface(b.geom))
WHERE c.id = ANY ($2::int[]) AND c.id <> $1
  -- a building on the shared edge already counts for the kept cell
  AND NOT ST_Intersects((SELECT geom FROM grid_cells WHERE id = $1), ST_PointOnSurface(b.geom))
