-- Grid cells as features (no worker: people are not exported with the map layers).
SELECT g.id, g.geom, g.community_id AS area_id, NULL::timestamptz AS dt,
  json_build_object('code', g.code, 'name', g.name, 'community_code', c.code) AS props
FROM grid_cells g JOIN areas c ON c.id = g.community_id
WHERE g.retired_at IS NULL
