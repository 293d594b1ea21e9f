-- The people who can act on ticket $1, best first: the grid cell's worker, the building's steward,
-- then the other grid workers of the ticket's street (ticket_assignee_reason, migration 141).
WITH t AS (SELECT grid_cell_id, building_id, street_id FROM tickets WHERE id = $1),
pool AS (
  SELECT gc.worker_id AS id FROM t JOIN grid_cells gc ON gc.id = t.grid_cell_id
  UNION SELECT b.steward_id FROM t JOIN buildings b ON b.id = t.building_id
  UNION SELECT gc.worker_id FROM t JOIN areas cm ON cm.parent_id = t.street_id AND cm.level = 'community'
    JOIN grid_cells gc ON gc.community_id = cm.id AND gc.retired_at IS NULL
)
SELECT p.id, p.name, p.kind, r.reason,
  (SELECT string_agg(gc.name, '、' ORDER BY gc.code) FROM grid_cells gc WHERE gc.worker_id = p.id AND gc.retired_at IS NULL) AS cells
FROM pool JOIN people p ON p.id = pool.id, t,
  LATERAL (SELECT ticket_assignee_reason(p.id, t.grid_cell_id, t.building_id, t.street_id) AS reason) r
WHERE r.reason IS NOT NULL
ORDER BY array_position(ARRAY['cell_worker', 'building_steward', 'street_worker'], r.reason), p.name, p.id
