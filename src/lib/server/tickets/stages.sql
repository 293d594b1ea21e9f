-- Where tickets wait, per group ($1 'company' or 'grid-cell'): for tickets filed in the last $2
-- days in the area subtree $3 (NULL: everywhere) and the caller's scope (appended as `AND …`,
-- parameters from $5; $4 the row limit), per stage the median and 90th percentile of finished stage times (hours)
-- and how many wait in it now. Stages: sign-for (filed → first signed for), resolve (signed for →
-- resolved), close (resolved → closed). A stage ends whoever acted, on behalf or not.
-- (t is materialized: inlined, its per-ticket probe would run once per aggregate below)
WITH t AS MATERIALIZED (
  SELECT t.id, t.status, t.created_at, t.resolved_at, t.closed_at,
    CASE WHEN $1 = 'company' THEN t.company_id ELSE t.grid_cell_id END AS key, a.at AS accepted_at
  FROM tickets t
  LEFT JOIN LATERAL (
    SELECT min(e.at) AS at FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'accepted'
  ) a ON true
  WHERE t.created_at > now() - make_interval(days => $2)
    AND ($3::int IS NULL OR t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$3::int]))
    AND /*scope*/
), g AS (
  SELECT key,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created_at))
      FILTER (WHERE accepted_at IS NOT NULL) / 3600 AS sign_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created_at))
      FILTER (WHERE accepted_at IS NOT NULL) / 3600 AS sign_p90,
    count(*) FILTER (WHERE status IN ('new', 'assigned')) AS sign_waiting,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - accepted_at))
      FILTER (WHERE resolved_at IS NOT NULL AND accepted_at IS NOT NULL AND resolved_at >= accepted_at) / 3600 AS resolve_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - accepted_at))
      FILTER (WHERE resolved_at IS NOT NULL AND accepted_at IS NOT NULL AND resolved_at >= accepted_at) / 3600 AS resolve_p90,
    count(*) FILTER (WHERE status IN ('accepted', 'in_progress')) AS resolve_waiting,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - resolved_at))
      FILTER (WHERE closed_at IS NOT NULL AND resolved_at IS NOT NULL) / 3600 AS close_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - resolved_at))
      FILTER (WHERE closed_at IS NOT NULL AND resolved_at IS NOT NULL) / 3600 AS close_p90,
    count(*) FILTER (WHERE status = 'resolved') AS close_waiting,
    count(*) AS tickets
  FROM t GROUP BY key
)
SELECT g.key AS id,
  CASE WHEN $1 = 'company' THEN (SELECT name FROM property_companies WHERE id = g.key)
       ELSE (SELECT name FROM grid_cells WHERE id = g.key) END AS name,
  g.tickets::int AS tickets,
  json_build_object('medianH', round(g.sign_median::numeric, 1), 'p90H', round(g.sign_p90::numeric, 1), 'waiting', g.sign_waiting) AS "signFor",
  json_build_object('medianH', round(g.resolve_median::numeric, 1), 'p90H', round(g.resolve_p90::numeric, 1), 'waiting', g.resolve_waiting) AS resolve,
  json_build_object('medianH', round(g.close_median::numeric, 1), 'p90H', round(g.close_p90::numeric, 1), 'waiting', g.close_waiting) AS close
FROM g
ORDER BY g.sign_waiting + g.resolve_waiting + g.close_waiting DESC, g.tickets DESC, g.key NULLS LAST
LIMIT $4
