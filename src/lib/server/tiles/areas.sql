-- Tile of the area tree: $1 z, $2 x, $3 y. The city and districts at every zoom, streets from
-- z 9, communities from z 12; geometry simplified to half a tile pixel below z 14. Each area but the
-- city also comes as one point, with no id, where its name is drawn (ST_PointOnSurface of the whole
-- area: 17 ms for all 5,511 areas of a scale-50 city): labelled as a polygon, an area would be named
-- once in every tile it crosses.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q,
    180.0 / (4096 * 2 ^ $1::int) AS tol
), a AS (
  SELECT a.id, a.name, a.level, a.geom
  FROM areas a, env
  WHERE a.geom && env.q AND a.retired_at IS NULL
    AND (a.level IN ('city', 'district') OR (a.level = 'street' AND $1::int >= 9) OR (a.level = 'community' AND $1::int >= 12))
), f AS (
  SELECT a.id, a.name, a.level,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(a.geom, env.tol, true) ELSE a.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM a, env
  UNION ALL
  SELECT NULL, a.name, a.level, ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(a.geom), 3857), env.tile, 4096, 64, true)
  FROM a, env
  WHERE a.level <> 'city' -- the map does not name the city
)
SELECT ST_AsMVT(f.*, 'areas', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
