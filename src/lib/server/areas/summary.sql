-- KPIs of one area's subtree: $1 area id. Compounds hang off communities, so the subtree is the
-- set of communities whose path contains the area.
WITH communities AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), cmp AS (
  SELECT c.id, c.households, c.company_id FROM compounds c
  WHERE c.community_id IN (SELECT id FROM communities) AND c.retired_at IS NULL
), companies AS (
  SELECT DISTINCT s.company_id, s.party_status FROM cmp JOIN company_party_status s ON s.company_id = cmp.company_id
), t AS (
  SELECT t.status, t.due_at, t.resolved_at, t.created_at FROM tickets t
  WHERE t.community_id IN (SELECT id FROM communities)
)
SELECT
  (SELECT count(*) FROM cmp)                                            AS compounds,
  (SELECT coalesce(sum(households), 0) FROM cmp)                        AS households,
  (SELECT count(*) FROM buildings b WHERE b.compound_id IN (SELECT id FROM cmp) AND b.retired_at IS NULL) AS buildings,
  (SELECT count(*) FROM companies)                                      AS companies,
  (SELECT count(*) FROM companies WHERE party_status IN ('own', 'joint')) AS companies_with_party,
  (SELECT count(*) FROM t WHERE status NOT IN ('resolved', 'closed', 'rejected')) AS open_tickets,
  (SELECT count(*) FROM t WHERE status NOT IN ('resolved', 'closed', 'rejected') AND due_at < now()) AS overdue_tickets,
  (SELECT count(*) FROM t WHERE created_at > now() - interval '30 days') AS tickets_last_30_days,
  (SELECT round(avg((resolved_at <= due_at)::int)::numeric, 4) FROM t WHERE resolved_at IS NOT NULL) AS on_time_rate
