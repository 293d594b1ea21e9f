-- Tile of party organizations (党组织): $1 z, $2 x, $3 y. An organization is drawn at its own point,
-- else inside its compound, else inside its area; each branch of the union filters by an indexed
-- geometry against the envelope, never by a computed one.
WITH env AS (
  SELECT ST_TileEnvelope($1::int, $2::int, $3::int) AS tile,
    ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int, margin => 64.0 / 4096), 4326) AS q
), placed AS (
  SELECT o.id, o.name, o.kind, o.members, o.geom AS pt
  FROM party_orgs o, env WHERE o.geom && env.q AND o.retired_at IS NULL
  UNION ALL
  SELECT o.id, o.name, o.kind, o.members, ST_PointOnSurface(c.geom)
  FROM party_orgs o JOIN compounds c ON c.id = o.compound_id, env
  WHERE o.geom IS NULL AND c.geom && env.q AND o.retired_at IS NULL
  UNION ALL
  SELECT o.id, o.name, o.kind, o.members, ST_PointOnSurface(a.geom)
  FROM party_orgs o JOIN areas a ON a.id = o.area_id, env
  WHERE o.geom IS NULL AND o.compound_id IS NULL AND a.geom && env.q AND o.retired_at IS NULL
), g AS (
  SELECT p.id, p.name, p.kind, p.members, ST_AsMVTGeom(ST_Transform(p.pt, 3857), env.tile, 4096, 64, true) AS geom
  FROM placed p, env WHERE p.pt && env.q
), f AS (
  -- below z13 one point per occupied 128-unit cell with `count`, at the centre of the organizations
  -- in it (as facilities.sql, which says why)
  SELECT id, name, kind, members, NULL::int AS count, geom FROM g
  WHERE $1::int >= 13 AND geom IS NOT NULL
  UNION ALL
  SELECT min(id), NULL, NULL, NULL, count(*)::int, ST_MakePoint(round(avg(ST_X(geom))), round(avg(ST_Y(geom)))) FROM g
  WHERE $1::int < 13 AND geom IS NOT NULL GROUP BY ST_SnapToGrid(geom, 128, 128)
)
SELECT ST_AsMVT(f.*, 'party-orgs', 4096, 'geom', 'id') AS mvt FROM f
