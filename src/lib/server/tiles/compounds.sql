-- Tile of residential compounds (小区): $1 z, $2 x, $3 y. committee_term_end: the last day of the
-- live owners' committee's term (YYYY-MM-DD; absent: no committee), from which the map's owners'
-- committee style tells none / expired / in office against today's Beijing date. Below z14 a tile
-- carries only what the style draws there (the outline and the committee's term end): at scale 50 a
-- z12 tile holds over 15,000 compounds, and without those two fields its largest is 426 KB, not 555 KB.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q,
    180.0 / (4096 * 2 ^ $1::int) AS tol
), f AS (
  -- names only where the style labels them (z15 and up): below, they would be most of the bytes
  SELECT c.id, CASE WHEN $1::int >= 15 THEN c.name END AS name,
    CASE WHEN $1::int >= 14 THEN c.households END AS households,
    CASE WHEN $1::int >= 14 THEN c.community_id END AS community_id,
    oc.term_end::text AS committee_term_end,
    ST_AsMVTGeom(ST_Transform(CASE WHEN $1::int < 14 THEN ST_Simplify(c.geom, env.tol, true) ELSE c.geom END, 3857),
      env.tile, 4096, 64, true) AS geom
  FROM compounds c CROSS JOIN env
    LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
  WHERE c.geom && env.q AND c.retired_at IS NULL
)
SELECT ST_AsMVT(f.*, 'compounds', 4096, 'geom', 'id') AS mvt FROM f WHERE f.geom IS NOT NULL
