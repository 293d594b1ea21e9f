-- Who is told about ticket $1: the users of its holder ($2: the holder) — the account of the person it
-- is assigned to, or the staff of the company / department that holds it —; with $3 the grid cell's
-- supervisors: the officials of the most local area above its community that has any; with $4 the
-- grid cell's worker (kept informed when an organisation holds the ticket). Active users only, once each.
WITH t AS (
  SELECT t.id, t.assignee_id, t.holder_company_id, t.holder_department_id, cm.path AS place,
         (SELECT g.worker_id FROM grid_cells g WHERE g.id = t.grid_cell_id) AS cell_worker
  FROM tickets t LEFT JOIN areas cm ON cm.id = t.community_id
  WHERE t.id = $1
), holder AS (
  SELECT u.id, 'holder' AS why FROM users u, t
  WHERE $2 AND u.disabled_at IS NULL AND (
    (t.assignee_id IS NOT NULL AND u.person_id = t.assignee_id AND u.role IN ('grid_worker', 'steward'))
    OR (t.holder_company_id IS NOT NULL AND u.company_id = t.holder_company_id AND u.role = 'company')
    OR (t.holder_department_id IS NOT NULL AND u.department_id = t.holder_department_id AND u.role = 'department'))
), officials AS (
  SELECT u.id, array_length(a.path, 1) AS depth FROM users u JOIN areas a ON a.id = u.area_id, t
  WHERE $3 AND u.role = 'official' AND u.disabled_at IS NULL AND t.place @> ARRAY[u.area_id]
), supervisors AS (
  SELECT id, 'supervisor' AS why FROM officials WHERE depth = (SELECT max(depth) FROM officials)
), worker AS (
  SELECT u.id, 'worker' AS why FROM users u, t
  WHERE $4 AND u.disabled_at IS NULL AND u.role = 'grid_worker' AND u.person_id = t.cell_worker
    AND t.assignee_id IS DISTINCT FROM t.cell_worker
)
SELECT DISTINCT ON (id) id, why FROM (SELECT * FROM holder UNION ALL SELECT * FROM supervisors UNION ALL SELECT * FROM worker) r
ORDER BY id, why
