-- The people who can act on ticket $1, best first: the worker of its grid cell (rank 0), the
-- steward of its building (rank 1), then the other grid workers of its street (rank 2). Active
-- people of those kinds only; a person reached two ways keeps the better rank.
WITH t AS (
  SELECT grid_cell_id, building_id, street_id FROM tickets WHERE id = $1
), reach AS (
  SELECT g.worker_id AS person_id, 0 AS rank, 'cell_worker' AS reason
  FROM t JOIN grid_cells g ON g.id = t.grid_cell_id
  UNION ALL
  SELECT b.steward_id, 1, 'building_steward'
  FROM t JOIN buildings b ON b.id = t.building_id
  UNION ALL
  SELECT g.worker_id, 2, 'street_worker'
  FROM t JOIN areas cm ON cm.parent_id = t.street_id AND cm.level = 'community'
  JOIN grid_cells g ON g.community_id = cm.id AND g.retired_at IS NULL
)
SELECT * FROM (
  SELECT DISTINCT ON (p.id) p.id, p.name, p.kind, r.rank, r.reason
  FROM reach r JOIN people p ON p.id = r.person_id
  WHERE p.retired_at IS NULL AND p.kind IN ('grid_worker', 'steward')
  ORDER BY p.id, r.rank
) x
ORDER BY x.rank, x.name, x.id
