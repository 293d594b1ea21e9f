-- The reach of the facilities $1 (ids) drawn as areas: a geodesic buffer of $2 metres around each
-- (the straight-line radius walk / detour of facility_reach), 8 segments a quarter circle, as GeoJSON.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
  'type', 'Feature', 'id', f.id,
  'properties', json_build_object('name', f.name),
  'geometry', ST_AsGeoJSON(ST_Buffer(f.geom::geography, $2, 'quad_segs=8')::geometry, 6)::json) ORDER BY f.id), '[]')) AS fc
FROM facilities f
WHERE f.id = ANY ($1::int[])
