-- The service figures of the companies managing compounds inside area $1, each counted on its
-- compounds inside that area only, over the last $2 days: tickets filed, resolved (on time),
-- median response (filing → first sign-for) and resolution hours, satisfaction, repeat hotspots (a
-- compound with ≥ 3 tickets of one category filed in the window). Every figure is a count (or a
-- median) over raw rows. Each figure reads only the tickets of its own definition, through its own
-- index (created_at; migration 056's resolved_at and rated closed_at), never every ticket of the area.
-- At city scale this takes seconds: service.ts keeps its answer (analysis/snapshot.ts).
WITH cin AS (
  SELECT c.id, c.company_id FROM compounds c
  WHERE c.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community')
    AND c.retired_at IS NULL AND c.company_id IS NOT NULL
), filed AS (
  -- tickets filed in the window per compound and category (the unit of a hotspot)
  SELECT cin.company_id, count(*) AS n
  FROM tickets t JOIN cin ON cin.id = t.compound_id
  WHERE t.created_at >= now() - make_interval(days => $2::int)
  GROUP BY cin.company_id, t.compound_id, t.category
), fk AS (
  SELECT company_id, sum(n)::int AS tickets, count(*) FILTER (WHERE n >= 3)::int AS hotspots
  FROM filed GROUP BY company_id
), accepted AS (
  -- the first sign-for of every ticket signed for in the window, in one pass over the partial index
  -- (a ticket filed in the window is signed for after it was filed, so none of its events is older)
  SELECT e.ticket_id, min(e.at) AS at FROM ticket_events e
  WHERE e.kind = 'accepted' AND e.at >= now() - make_interval(days => $2::int)
  GROUP BY e.ticket_id
), resp AS (
  SELECT cin.company_id,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - t.created_at) / 3600) AS median_response_h
  FROM tickets t JOIN cin ON cin.id = t.compound_id JOIN accepted a ON a.ticket_id = t.id
  WHERE t.created_at >= now() - make_interval(days => $2::int)
  GROUP BY cin.company_id
), res AS (
  SELECT cin.company_id, count(*)::int AS resolved,
    count(*) FILTER (WHERE t.resolved_at <= t.due_at)::int AS resolved_on_time,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.resolved_at - t.created_at) / 3600) AS median_resolution_h
  FROM tickets t JOIN cin ON cin.id = t.compound_id
  WHERE t.resolved_at >= now() - make_interval(days => $2::int)
  GROUP BY cin.company_id
), rated AS (
  SELECT cin.company_id, count(*)::int AS rated, sum(t.satisfaction)::int AS satisfaction_sum
  FROM tickets t JOIN cin ON cin.id = t.compound_id
  WHERE t.closed_at >= now() - make_interval(days => $2::int) AND t.satisfaction IS NOT NULL
  GROUP BY cin.company_id
)
SELECT co.company_id AS id,
  coalesce(fk.tickets, 0) AS tickets, coalesce(res.resolved, 0) AS resolved,
  coalesce(res.resolved_on_time, 0) AS "resolvedOnTime",
  round(resp.median_response_h::numeric, 2)::float8 AS "medianResponseHours",
  round(res.median_resolution_h::numeric, 1)::float8 AS "medianResolutionHours",
  coalesce(rated.rated, 0) AS rated, coalesce(rated.satisfaction_sum, 0) AS "satisfactionSum",
  coalesce(fk.hotspots, 0) AS hotspots
FROM (SELECT DISTINCT company_id FROM cin) co
LEFT JOIN fk ON fk.company_id = co.company_id LEFT JOIN resp ON resp.company_id = co.company_id
LEFT JOIN res ON res.company_id = co.company_id LEFT JOIN rated ON rated.company_id = co.company_id
ORDER BY co.company_id
