-- GeoJSON of steward and grid gaps in area $1 ($2: households one worker can serve): buildings
-- without a steward or outside every cell (points), cells without a worker or over capacity (polygons).
WITH comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), b AS (
  SELECT b.id, b.households, c.name || ' ' || b.number AS name, ST_PointOnSurface(b.geom) AS pt,
    NOT (b.steward_id IS NOT NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = b.steward_id AND p.retired_at IS NULL)) AS no_steward,
    NOT EXISTS (SELECT 1 FROM grid_cells g WHERE g.geom && ST_PointOnSurface(b.geom)
                AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND g.retired_at IS NULL) AS outside
  FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN comm ON comm.id = c.community_id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
), g AS (
  SELECT g.id, g.code, g.name, g.geom,
    NOT (g.worker_id IS NOT NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = g.worker_id AND p.retired_at IS NULL)) AS no_worker,
    (SELECT coalesce(sum(b.households), 0) FROM buildings b WHERE ST_PointOnSurface(b.geom) && g.geom
       AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL)::int AS households
  FROM grid_cells g JOIN comm ON comm.id = g.community_id WHERE g.retired_at IS NULL
), f AS (
  SELECT json_build_object('type', 'Feature', 'id', 'b' || id, 'geometry', ST_AsGeoJSON(pt, 6)::json,
    'properties', json_build_object('kind', 'building', 'name', name, 'households', households,
      'noSteward', no_steward, 'outsideCells', outside)) AS j
  FROM b WHERE no_steward OR outside
  UNION ALL
  SELECT json_build_object('type', 'Feature', 'id', 'g' || id, 'geometry', ST_AsGeoJSON(geom, 6)::json,
    'properties', json_build_object('kind', 'cell', 'code', code, 'name', name, 'households', households,
      'noWorker', no_worker, 'overCapacity', households > $2))
  FROM g WHERE no_worker OR households > $2
)
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(j), '[]'::json)) AS fc FROM f
