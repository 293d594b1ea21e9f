-- GeoJSON of patrol gaps in area $1 (worker $3's cells when set), last $2 days: each cell with its share
-- of buildings not checked in, and those buildings as points.
WITH comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), cells AS (
  SELECT g.id, g.code, g.name, g.geom FROM grid_cells g JOIN comm ON comm.id = g.community_id
  WHERE g.retired_at IS NULL AND ($3::int IS NULL OR g.worker_id = $3)
), cb AS (
  SELECT c.id AS cell_id, b.id, b.households, ST_PointOnSurface(b.geom) AS pt,
    EXISTS (SELECT 1 FROM patrol_checkins pc WHERE pc.building_id = b.id
            AND pc.at >= now() - make_interval(days => $2::int)) AS checked
  FROM cells c JOIN buildings b ON ST_PointOnSurface(b.geom) && c.geom
   AND ST_Intersects(c.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL
), f AS (
  SELECT json_build_object('type', 'Feature', 'id', 'g' || c.id, 'geometry', ST_AsGeoJSON(c.geom, 6)::json,
    'properties', json_build_object('kind', 'cell', 'code', c.code, 'name', c.name,
      'buildings', count(cb.id), 'unchecked', count(*) FILTER (WHERE cb.checked IS FALSE),
      'share', round(count(*) FILTER (WHERE cb.checked IS FALSE)::numeric / greatest(count(cb.id), 1), 4))) AS j
  FROM cells c LEFT JOIN cb ON cb.cell_id = c.id GROUP BY c.id, c.code, c.name, c.geom
  UNION ALL
  SELECT json_build_object('type', 'Feature', 'id', 'b' || id, 'geometry', ST_AsGeoJSON(pt, 6)::json,
    'properties', json_build_object('kind', 'building', 'households', households))
  FROM cb WHERE NOT checked
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(j), '[]'::json)) AS fc FROM f
