-- Tile of the base map: three MVT layers in one tile (roads, water, landuse): $1 z, $2 x, $3 y.
-- Low zooms carry only the main roads, simplified, and no speck of land use; names only from z13,
-- where the style labels them.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q,
    180.0 / (4096 * 2 ^ $1::int) AS tol
), r AS (
  SELECT r.id, CASE WHEN $1::int >= 13 THEN r.name END AS name, r.class, r.bridge,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(r.geom, env.tol) ELSE r.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM roads r, env
  WHERE r.geom && env.q
    AND (r.class IN ('motorway', 'trunk', 'primary')
      OR ($1::int >= 12 AND r.class IN ('secondary', 'tertiary'))
      OR $1::int >= 14)
), w AS (
  SELECT w.id, w.name, w.kind,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(w.geom, env.tol, true) ELSE w.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM water w, env
  WHERE w.geom && env.q
), l AS (
  SELECT l.id, CASE WHEN $1::int >= 14 THEN l.name END AS name, l.kind,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(l.geom, env.tol, true) ELSE l.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM landuse l, env
  -- below z14 no parcel smaller than about 4 × 4 px at the tile's zoom (512-px tiles): at scale 50 a
  -- z11 tile held 2,337 parcels, 90 % of them a pixel or two wide, drawn as specks
  WHERE l.geom && env.q AND $1::int >= 11
    AND ($1::int >= 14 OR ST_Area(l.geom) > (4 * 360.0 / (512 * 2 ^ $1::int)) ^ 2)
)
SELECT coalesce((SELECT ST_AsMVT(l.*, 'landuse', 4096, 'geom', 'id') FROM l WHERE l.geom IS NOT NULL), '')
    || coalesce((SELECT ST_AsMVT(w.*, 'water', 4096, 'geom', 'id') FROM w WHERE w.geom IS NOT NULL), '')
    || coalesce((SELECT ST_AsMVT(r.*, 'roads', 4096, 'geom', 'id') FROM r WHERE r.geom IS NOT NULL), '') AS mvt
