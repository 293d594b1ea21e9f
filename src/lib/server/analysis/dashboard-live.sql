-- The dashboard's live counts of area $1 and of each of its children: the open tickets, those past
-- their due time, those at risk (past the category's warn share, not yet due: migration 352). Only
-- open tickets are read, from the partial index of migration 405 that carries every column read here
-- (an index-only scan), so this stays cheap at city scale and
-- is counted on every request; the rest of the dashboard is dashboard.sql's. Counted per community
-- and rolled up by GROUPING SETS, so the children's counts sum to the total (key 0).
WITH kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
)
SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
  count(*)::int AS open,
  count(*) FILTER (WHERE ticket_is_overdue(t.status, t.due_at, t.suspended_at))::int AS overdue,
  -- ticket_is_at_risk with the category's warn share joined once (migration 405), not looked up per row
  count(*) FILTER (WHERE ticket_past_warn(t.status, t.created_at, t.due_at, t.suspended_at, s.warn_share))::int AS "atRisk"
FROM tickets t JOIN comm ON comm.id = t.community_id
LEFT JOIN sla_rules s ON s.category = t.category
WHERE ticket_is_open(t.status)
GROUP BY GROUPING SETS ((comm.child_id), ())
