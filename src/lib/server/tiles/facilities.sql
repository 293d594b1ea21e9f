-- Tile of public facilities (公共设施): $1 z, $2 x, $3 y. From z13 one feature per facility with its
-- fields; below z13 (a district or the city in view, tens of thousands of facilities at city scale)
-- one point per occupied cell of 32 tile units (1/128 of the tile: 4 px at the tile's own zoom, less
-- than a facility's dot), with `count` the facilities in it and the id of the first: drawn the same,
-- a sixth of the bytes and features at z11 (scale 50: 834 KB → 125 KB in 9 tiles).
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q
), p AS (
  SELECT fa.id, fa.name, fa.type, fa.capacity,
    ST_AsMVTGeom(ST_Transform(fa.geom, 3857), env.tile, 4096, 64, true) AS geom
  FROM facilities fa, env
  WHERE fa.geom && env.q AND fa.retired_at IS NULL
), f AS (
  SELECT id, name, type, capacity, NULL::int AS count, geom FROM p
  WHERE $1::int >= 13 AND geom IS NOT NULL
  UNION ALL
  SELECT min(id), NULL, NULL, NULL, count(*)::int, ST_SnapToGrid(geom, 32, 32) FROM p
  WHERE $1::int < 13 AND geom IS NOT NULL GROUP BY ST_SnapToGrid(geom, 32, 32)
)
SELECT ST_AsMVT(f.*, 'facilities', 4096, 'geom', 'id') AS mvt FROM f
