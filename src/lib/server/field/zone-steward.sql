-- A steward's zone ($1 person): the buildings assigned to them, each with the cell it lies in;
-- $2 narrows to one cell.
SELECT b.id AS building_id, c.id AS cell_id
FROM buildings b
LEFT JOIN grid_cells c ON c.geom && b.geom AND ST_Intersects(c.geom, ST_PointOnSurface(b.geom)) AND c.retired_at IS NULL
WHERE b.steward_id = $1 AND b.retired_at IS NULL AND ($2::int IS NULL OR c.id = $2)
