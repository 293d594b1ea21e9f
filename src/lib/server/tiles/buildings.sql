-- Tile of building footprints (楼栋): $1 z, $2 x, $3 y. floors drives the 3D extrusion.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q
), f AS (
  -- z14 draws flat footprints: the id (a click asks for the rest) and the outline; number,
  -- households, floors and compound only from z15, where buildings are extruded and labelled
  SELECT b.id, CASE WHEN $1::int >= 15 THEN b.number END AS number,
    CASE WHEN $1::int >= 15 THEN b.floors END AS floors,
    CASE WHEN $1::int >= 15 THEN b.households END AS households,
    CASE WHEN $1::int >= 15 THEN b.compound_id END AS compound_id,
    ST_AsMVTGeom(ST_Transform(b.geom, 3857), env.tile, 4096, 64, true) AS geom
  FROM buildings b, env
  WHERE b.geom && env.q AND b.retired_at IS NULL
)
SELECT ST_AsMVT(f.*, 'buildings', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
