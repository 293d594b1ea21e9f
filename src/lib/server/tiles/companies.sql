-- Tile of property companies (物业服务企业), drawn as the compounds each one manages and carrying
-- its party-organization status (own branch / joint branch / instructor / none): $1 z, $2 x, $3 y.
-- From z12 the compounds' outlines: the feature id is the compound's; company_id names the company.
-- Below z12 (a compound is a pixel or two; at scale 50 a z10 tile of outlines was 728 KB) one point
-- per occupied cell of 32 tile units (1/128 of the tile, 4 px at its zoom) and party status, with
-- `count` the compounds in it and company_id the first company: 80 KB for that tile.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q,
    180.0 / (4096 * 2 ^ $1::int) AS tol
), c AS (
  SELECT c.id, c.company_id, pc.name AS company, s.party_status, c.geom
  FROM compounds c
    JOIN property_companies pc ON pc.id = c.company_id
    JOIN company_party_status s ON s.company_id = c.company_id, env
  WHERE c.geom && env.q AND c.retired_at IS NULL AND pc.retired_at IS NULL
), f AS (
  SELECT c.id, c.company_id, c.company, c.party_status, NULL::int AS count,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(c.geom, env.tol, true) ELSE c.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM c, env WHERE $1::int >= 12
), p AS (
  SELECT c.company_id, c.party_status,
    ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(c.geom), 3857), env.tile, 4096, 64, true) AS geom
  FROM c, env WHERE $1::int < 12
), cells AS (
  SELECT NULL::int AS id, min(company_id) AS company_id, NULL::text AS company, party_status,
    count(*)::int AS count, ST_SnapToGrid(geom, 32, 32) AS geom
  FROM p WHERE geom IS NOT NULL GROUP BY party_status, ST_SnapToGrid(geom, 32, 32)
), all_f AS (
  SELECT * FROM f WHERE geom IS NOT NULL UNION ALL SELECT * FROM cells
)
SELECT ST_AsMVT(all_f.*, 'companies', 4096, 'geom', 'id') AS mvt FROM all_f
