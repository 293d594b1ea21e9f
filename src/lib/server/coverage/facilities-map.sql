-- GeoJSON points: buildings in area $1 that no facility of type $2 reaches (the rule of facility_reach,
-- kept per building in building_reach by triggers, migration 055); optional bbox $3..$6; at most $7
-- buildings, most households first.
WITH gap AS (
  SELECT b.id, b.households, ST_PointOnSurface(b.geom) AS pt, c.name || ' ' || b.number AS name
  FROM buildings b JOIN compounds c ON c.id = b.compound_id
  JOIN areas a ON a.id = c.community_id AND a.path @> ARRAY[$1::int]
  LEFT JOIN building_reach br ON br.building_id = b.id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
    AND ($3::float8 IS NULL OR b.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326))
    AND EXISTS (SELECT 1 FROM facility_reach WHERE type = $2)
    AND NOT coalesce($2 = ANY (br.types), false)
  ORDER BY b.households DESC, b.id LIMIT $7
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(pt, 6)::json,
  'properties', json_build_object('kind', 'building', 'name', name, 'households', households))), '[]'::json)) AS fc,
  count(*)::int AS n
FROM gap
