-- Areas as features: one row per area, its parent's code instead of an id (codes survive a re-import).
SELECT a.id, a.geom, a.id AS area_id, NULL::timestamptz AS dt,
  json_build_object('code', a.code, 'name', a.name, 'level', a.level, 'parent_code', p.code,
    'population', a.population, 'households', a.households) AS props
FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
WHERE a.retired_at IS NULL
