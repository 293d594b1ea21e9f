-- Tile of public facilities (公共设施): $1 z, $2 x, $3 y.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q
), f AS (
  SELECT fa.id, fa.name, fa.type, fa.capacity,
    ST_AsMVTGeom(ST_Transform(fa.geom, 3857), env.tile, 4096, 64, true) AS geom
  FROM facilities fa, env
  WHERE fa.geom && env.q AND fa.retired_at IS NULL
)
SELECT ST_AsMVT(f.*, 'facilities', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
