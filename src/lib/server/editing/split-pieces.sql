-- The pieces of cell $1 cut by the line $2 (GeoJSON), largest first, with the buildings (by a point
-- on their surface) and households each piece holds.
WITH cut AS (
  SELECT (ST_Dump(ST_Split(c.geom, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)))).geom AS g
  FROM grid_cells c WHERE c.id = $1
), pieces AS (
  SELECT row_number() OVER (ORDER BY ST_Area(g::geography) DESC) AS n, g FROM cut
)
SELECT p.n, ST_AsGeoJSON(p.g, 7)::jsonb AS geom, round(ST_Area(p.g::geography))::float8 AS area_m2,
  count(b.id)::int AS buildings, coalesce(sum(b.households), 0)::int AS households,
  coalesce(array_agg(b.code ORDER BY b.code) FILTER (WHERE b.id IS NOT NULL), '{}') AS building_codes
FROM pieces p
LEFT JOIN buildings b ON b.retired_at IS NULL AND b.geom && p.g AND ST_Intersects(p.g, ST_PointOnSurface(b.geom))
GROUP BY p.n, p.g ORDER BY p.n
