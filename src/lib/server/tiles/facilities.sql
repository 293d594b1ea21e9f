-- Tile of public facilities (公共设施): $1 z, $2 x, $3 y. From z13 one feature per facility with its
-- fields; below z13 (a district or the city in view, tens of thousands of facilities at city scale)
-- one point per occupied cell of 128 tile units (1/32 of the tile: 16 px at the tile's own zoom),
-- at the centre of the facilities in it, with `count` and the id of the first, drawn as a circle
-- sized by the count. A cell of 4 px (32 units, before) put 9-px dots on a 4-px grid: the city
-- view was one carpet of overlapping dots hiding the layers under it, and the scale-50 z11 tiles
-- held 121 KB of them for the browser to parse and draw.
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
  SELECT min(id), NULL, NULL, NULL, count(*)::int, ST_MakePoint(round(avg(ST_X(geom))), round(avg(ST_Y(geom)))) FROM p
  WHERE $1::int < 13 AND geom IS NOT NULL GROUP BY ST_SnapToGrid(geom, 128, 128)
)
SELECT ST_AsMVT(f.*, 'facilities', 4096, 'geom', 'id') AS mvt FROM f
