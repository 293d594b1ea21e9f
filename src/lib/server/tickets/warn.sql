-- Picks the tickets to warn now, at most $1, and marks them warned in the same statement (so each is
-- warned once, across restarts and instances): open, not suspended, not yet warned, not yet due, and
-- past their category's warn share of the time from filing to the deadline (migration 352).
WITH due AS (
  SELECT t.id, s.warn_share FROM tickets t JOIN sla_rules s ON s.category = t.category
  WHERE t.warned_at IS NULL AND t.status IN ('new', 'assigned', 'accepted', 'in_progress')
    AND t.suspended_at IS NULL AND t.due_at > now()
    AND now() >= t.created_at + (t.due_at - t.created_at) * s.warn_share
  ORDER BY t.due_at
  LIMIT $1
  FOR UPDATE OF t SKIP LOCKED
)
UPDATE tickets t SET warned_at = now() FROM due WHERE t.id = due.id
RETURNING t.id, t.code, t.district_id AS "districtId", t.status, t.assignee_id AS "assigneeId",
  t.holder_company_id AS "holderCompanyId", t.holder_department_id AS "holderDepartmentId",
  t.due_at AS "dueAt", due.warn_share::float8 AS "warnShare"
