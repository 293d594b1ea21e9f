-- Side panel of an area ($1 its id): its figures, how many compounds lie in its subtree, a label point
-- inside it (the centroid when inside, else a point on the surface) and its bounding box.
SELECT a.id, a.name, a.level, a.code, a.households, a.population, a.id AS area_id,
  (SELECT count(*)::int FROM compounds c JOIN areas cm ON cm.id = c.community_id
   WHERE cm.path @> ARRAY[a.id] AND c.retired_at IS NULL) AS compounds,
  CASE WHEN ST_Contains(a.geom, ST_Centroid(a.geom)) THEN ARRAY[ST_X(ST_Centroid(a.geom)), ST_Y(ST_Centroid(a.geom))]
       ELSE ARRAY[ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom))] END AS center,
  ARRAY[ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom)] AS bbox
FROM areas a WHERE a.id = $1
