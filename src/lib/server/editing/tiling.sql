-- Whether the live grid cells of community $1 tile it: the uncovered and the doubly covered area in
-- square metres (both ~0 when the cells tile it; 1 m² of slack for floating-point edges).
WITH cells AS (SELECT geom FROM grid_cells WHERE community_id = $1 AND retired_at IS NULL),
u AS (SELECT ST_Union(geom) AS g, sum(ST_Area(geom::geography)) AS summed FROM cells),
c AS (SELECT geom FROM areas WHERE id = $1)
SELECT
  ST_Area(ST_Difference(c.geom, coalesce(u.g, 'GEOMETRYCOLLECTION EMPTY'::geometry))::geography) AS uncovered_m2,
  ST_Area(ST_Difference(coalesce(u.g, 'GEOMETRYCOLLECTION EMPTY'::geometry), c.geom)::geography) AS outside_m2,
  coalesce(u.summed - ST_Area(u.g::geography), 0) AS overlap_m2
FROM c, u
