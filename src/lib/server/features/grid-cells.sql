-- Side panel of a grid cell ($1 its id): its worker (a staff name, as for buildings) and the
-- households of the buildings whose point on the surface lies in it.
SELECT g.id, g.code, g.name, g.community_id AS area_id, p.name AS worker,
  (SELECT coalesce(sum(b.households), 0)::int FROM buildings b
   WHERE b.geom && g.geom AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL) AS households,
  CASE WHEN ST_Contains(g.geom, ST_Centroid(g.geom)) THEN ARRAY[ST_X(ST_Centroid(g.geom)), ST_Y(ST_Centroid(g.geom))]
       ELSE ARRAY[ST_X(ST_PointOnSurface(g.geom)), ST_Y(ST_PointOnSurface(g.geom))] END AS center,
  ARRAY[ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)] AS bbox
FROM grid_cells g LEFT JOIN people p ON p.id = g.worker_id
WHERE g.id = $1
