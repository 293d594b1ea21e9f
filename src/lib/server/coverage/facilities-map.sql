-- GeoJSON points: buildings in area $1 that no facility of type $2 reaches, by the rule in force
-- (facilities.sql: building_walk when walk_rule() = 'network', else building_reach); each says which
-- rule measured it (`rule`: 'network', or 'straight-line' for straight line × detour: no network in
-- force, or the building more than 100 m from it) and its distance (`distanceM`, metres, null beyond
-- the 1,000 m the walks are kept to, or without a network). Optional bbox $3..$6; at most $7
-- buildings, most households first.
WITH net AS (
  SELECT walk_rule() = 'network' AS on
), gap AS (
  SELECT b.id, b.households, ST_PointOnSurface(b.geom) AS pt, c.name || ' ' || b.number AS name,
    coalesce(w.rule, 'straight-line') AS rule, w.distance_m
  FROM buildings b JOIN compounds c ON c.id = b.compound_id
  JOIN areas a ON a.id = c.community_id AND a.path @> ARRAY[$1::int]
  CROSS JOIN net
  LEFT JOIN building_reach br ON br.building_id = b.id
  LEFT JOIN building_walk w ON net.on AND w.building_id = b.id AND w.type = $2
  LEFT JOIN facility_reach fr ON fr.type = $2
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
    AND ($3::float8 IS NULL OR b.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
    AND fr.type IS NOT NULL
    AND NOT CASE WHEN w.rule IS NULL THEN coalesce($2 = ANY (br.types), false)
                 ELSE coalesce(w.distance_m <= fr.walk_m, false) END
  ORDER BY b.households DESC, b.id LIMIT $7
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(pt, 6)::json,
  'properties', json_build_object('kind', 'building', 'name', name, 'households', households,
    'rule', rule, 'distanceM', round(distance_m::numeric, 1)))), '[]'::json)) AS fc,
  count(*)::int AS n
FROM gap
