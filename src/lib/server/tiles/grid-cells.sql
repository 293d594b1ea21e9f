-- Tile of grid cells (网格): $1 z, $2 x, $3 y. No person data: the worker is looked up on click.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q,
    180.0 / (4096 * 2 ^ $1::int) AS tol
), f AS (
  -- code and name from z15 (the panel looks them up on click at any zoom)
  SELECT g.id, CASE WHEN $1::int >= 15 THEN g.code END AS code, CASE WHEN $1::int >= 15 THEN g.name END AS name,
    g.community_id,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(g.geom, env.tol, true) ELSE g.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM grid_cells g, env
  WHERE g.geom && env.q AND g.retired_at IS NULL
)
SELECT ST_AsMVT(f.*, 'grid-cells', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
