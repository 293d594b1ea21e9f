-- A grid worker's zone ($1 person): their cells, and each building in the cell that holds a point
-- on its surface. The cells' GiST index finds the buildings; $2 narrows to one cell.
SELECT b.id AS building_id, c.id AS cell_id
FROM grid_cells c
JOIN buildings b ON b.geom && c.geom AND ST_Intersects(c.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL
WHERE c.worker_id = $1 AND c.retired_at IS NULL AND ($2::int IS NULL OR c.id = $2)
