-- Map context of a run: existing facilities of type $1 near the demand ($3: area subtree, else the
-- city), and the outlines of the area and its communities (simplified ~10 m, for drawing only).
WITH scope AS (
  SELECT geom FROM areas
  WHERE retired_at IS NULL AND (CASE WHEN $3::int IS NULL THEN level = 'city' ELSE id = $3::int END)
  LIMIT 1
)
SELECT
  (SELECT coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'lon', ST_X(f.geom), 'lat', ST_Y(f.geom))
     ORDER BY f.id), '[]')
   FROM facilities f, scope
   WHERE f.type = $1 AND f.retired_at IS NULL
     AND f.geom && ST_Expand(scope.geom, $2 / 110000.0 / cos(radians(ST_Y(ST_Centroid(scope.geom)))) * 1.2)
  ) AS existing,
  (SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
     'type', 'Feature', 'id', a.id,
     'properties', json_build_object('name', a.name, 'level', a.level),
     'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(a.geom, 0.0001), 6)::json) ORDER BY a.id), '[]'))
   FROM areas a
   WHERE a.retired_at IS NULL
     AND (CASE WHEN $3::int IS NULL THEN a.level IN ('city', 'street')
          ELSE a.path @> ARRAY[$3::int] AND a.level IN ('city', 'district', 'street', 'community') END)
  ) AS outlines
