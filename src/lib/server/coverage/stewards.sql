-- Steward and grid coverage in area $1, per child (key) and total (key 0): buildings without a 红领管家,
-- households outside every grid cell, and grid cells without a worker or with more than $2 households
-- (a building belongs to the cell that contains its point on surface).
WITH kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
), keys AS (
  SELECT id AS key FROM kids UNION ALL SELECT 0
), bpt0 AS MATERIALIZED (
  SELECT b.id, b.households, comm.child_id, ST_PointOnSurface(b.geom) AS pt,
    b.steward_id IS NOT NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = b.steward_id AND p.retired_at IS NULL) AS stewarded
  FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN comm ON comm.id = c.community_id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
), cb AS MATERIALIZED (
  -- cell × building pairs, found once from the cells' side (one probe of buildings_point_idx per cell,
  -- instead of one probe of the cells per building): every live cell that can hold one of the area's
  -- buildings (its box meets their extent) or that belongs to the area
  SELECT g.id AS cell_id, b.id AS building_id, b.households
  FROM grid_cells g JOIN buildings b ON ST_PointOnSurface(b.geom) && g.geom
   AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL
  WHERE g.retired_at IS NULL
    AND (g.geom && (SELECT ST_SetSRID(ST_Extent(pt)::geometry, 4326) FROM bpt0)
         OR g.community_id IN (SELECT id FROM comm))
), bpt AS (
  SELECT b.id, b.households, b.child_id, b.stewarded,
    b.id IN (SELECT building_id FROM cb) AS in_cell
  FROM bpt0 b
), bagg AS (
  SELECT CASE WHEN GROUPING(child_id) = 1 THEN 0 ELSE child_id END AS key,
    count(*)::int AS buildings, coalesce(sum(households), 0)::int AS households,
    count(*) FILTER (WHERE NOT stewarded)::int AS buildings_without_steward,
    coalesce(sum(households) FILTER (WHERE NOT stewarded), 0)::int AS households_without_steward,
    count(*) FILTER (WHERE NOT in_cell)::int AS buildings_outside_cells,
    coalesce(sum(households) FILTER (WHERE NOT in_cell), 0)::int AS households_outside_cells
  FROM bpt GROUP BY GROUPING SETS ((child_id), ())
), cells AS (
  SELECT g.id, comm.child_id,
    g.worker_id IS NOT NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = g.worker_id AND p.retired_at IS NULL) AS staffed,
    coalesce(h.households, 0)::int AS households
  FROM grid_cells g JOIN comm ON comm.id = g.community_id
  LEFT JOIN (SELECT cell_id, sum(households) AS households FROM cb GROUP BY cell_id) h ON h.cell_id = g.id
  WHERE g.retired_at IS NULL
), cagg AS (
  SELECT CASE WHEN GROUPING(child_id) = 1 THEN 0 ELSE child_id END AS key,
    count(*)::int AS cells,
    count(*) FILTER (WHERE NOT staffed)::int AS cells_without_worker,
    count(*) FILTER (WHERE households > $2)::int AS cells_over_capacity
  FROM cells GROUP BY GROUPING SETS ((child_id), ())
)
SELECT k.key, coalesce(b.buildings, 0) AS buildings, coalesce(b.households, 0) AS households,
  coalesce(b.buildings_without_steward, 0) AS "buildingsWithoutSteward",
  coalesce(b.households_without_steward, 0) AS "householdsWithoutSteward",
  coalesce(b.buildings_outside_cells, 0) AS "buildingsOutsideCells",
  coalesce(b.households_outside_cells, 0) AS "householdsOutsideCells",
  coalesce(c.cells, 0) AS cells, coalesce(c.cells_without_worker, 0) AS "cellsWithoutWorker",
  coalesce(c.cells_over_capacity, 0) AS "cellsOverCapacity"
FROM keys k LEFT JOIN bagg b ON b.key = k.key LEFT JOIN cagg c ON c.key = k.key
