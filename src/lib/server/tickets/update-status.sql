-- Applies a decided action: $1 id, $2 new status, $3 assignee, $4 satisfaction, $5 supervised,
-- $6 holding company, $7 holding department (migration 350: at most one holder of the three).
UPDATE tickets SET status = $2, assignee_id = $3, holder_company_id = $6, holder_department_id = $7,
  resolved_at = CASE WHEN $2 = 'resolved' THEN now() WHEN $2 IN ('new', 'assigned') THEN NULL ELSE resolved_at END,
  closed_at = CASE WHEN $2 = 'closed' THEN now() WHEN $2 IN ('new', 'assigned') THEN NULL ELSE closed_at END,
  satisfaction = CASE WHEN $2 = 'closed' THEN $4 ELSE satisfaction END,
  supervised_at = CASE WHEN $5 THEN now() ELSE supervised_at END
WHERE id = $1
