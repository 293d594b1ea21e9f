-- Tile of property companies (物业服务企业), drawn as the compounds each one manages and carrying
-- its party-organization status (own branch / joint branch / instructor / none): $1 z, $2 x, $3 y.
-- The feature id is the compound's; company_id names the company.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q,
    180.0 / (4096 * 2 ^ $1::int) AS tol
), f AS (
  SELECT c.id, c.company_id, pc.name AS company, s.party_status,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(c.geom, env.tol, true) ELSE c.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM compounds c
    JOIN property_companies pc ON pc.id = c.company_id
    JOIN company_party_status s ON s.company_id = c.company_id, env
  WHERE c.geom && env.q AND c.retired_at IS NULL AND pc.retired_at IS NULL
)
SELECT ST_AsMVT(f.*, 'companies', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
