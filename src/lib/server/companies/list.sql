-- Companies managing compounds inside area $1, each counted on its compounds inside that area only:
-- compounds and households there (and its compounds in all), party status, and service figures over
-- the last $2 days: tickets filed, resolved (on time), median response (filing → first sign-for) and
-- resolution hours, satisfaction, repeat hotspots (a compound with ≥ 3 tickets of one category), and
-- fees of the latest month with records. Every figure is a count or a sum over raw rows.
WITH cin AS (
  SELECT c.id, c.company_id, c.households FROM compounds c
  WHERE c.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community')
    AND c.retired_at IS NULL AND c.company_id IS NOT NULL
), co AS (
  SELECT company_id, count(*)::int AS compounds, sum(households)::int AS households FROM cin GROUP BY company_id
), allc AS (
  SELECT c.company_id, count(*)::int AS compounds_all FROM compounds c
  WHERE c.retired_at IS NULL AND c.company_id IN (SELECT company_id FROM co) GROUP BY c.company_id
), t AS (
  -- only the columns the figures read: the sorts below (percentiles, hotspots) move narrow rows
  SELECT t.id, t.compound_id, t.category, t.created_at, t.resolved_at, t.closed_at, t.due_at, t.satisfaction,
    cin.company_id AS co_id
  FROM tickets t JOIN cin ON cin.id = t.compound_id
  WHERE t.created_at >= now() - make_interval(days => $2::int)
     OR t.resolved_at >= now() - make_interval(days => $2::int)
     OR t.closed_at >= now() - make_interval(days => $2::int)
), accepted AS (
  -- the first sign-for of every ticket signed for in the window, in one pass over the partial index
  -- (a ticket filed in the window is signed for after it was filed, so none of its events is older)
  SELECT e.ticket_id, min(e.at) AS at FROM ticket_events e
  WHERE e.kind = 'accepted' AND e.at >= now() - make_interval(days => $2::int)
  GROUP BY e.ticket_id
), tk AS (
  SELECT co_id,
    count(*) FILTER (WHERE created_at >= now() - make_interval(days => $2::int))::int AS tickets,
    count(*) FILTER (WHERE resolved_at >= now() - make_interval(days => $2::int))::int AS resolved,
    count(*) FILTER (WHERE resolved_at >= now() - make_interval(days => $2::int) AND resolved_at <= due_at)::int AS resolved_on_time,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600)
      FILTER (WHERE resolved_at >= now() - make_interval(days => $2::int)) AS median_resolution_h,
    count(satisfaction) FILTER (WHERE closed_at >= now() - make_interval(days => $2::int))::int AS rated,
    sum(satisfaction) FILTER (WHERE closed_at >= now() - make_interval(days => $2::int))::int AS satisfaction_sum
  FROM t GROUP BY co_id
), resp AS (
  SELECT t.co_id,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - t.created_at) / 3600) AS median_response_h
  FROM t JOIN accepted a ON a.ticket_id = t.id
  WHERE t.created_at >= now() - make_interval(days => $2::int)
  GROUP BY t.co_id
), hot AS (
  SELECT co_id, count(*)::int AS hotspots FROM (
    SELECT co_id FROM t WHERE created_at >= now() - make_interval(days => $2::int)
    GROUP BY co_id, compound_id, category HAVING count(*) >= 3
  ) x GROUP BY co_id
), fee AS (
  SELECT cin.company_id, sum(f.due_amount)::float8 AS fee_due, sum(f.collected_amount)::float8 AS fee_collected
  FROM fee_collections f JOIN cin ON cin.id = f.compound_id
  WHERE f.month = (SELECT max(month) FROM fee_collections WHERE month <= date_trunc('month', now())::date)
  GROUP BY cin.company_id
)
SELECT pc.id, pc.name, s.party_status AS "partyStatus",
  co.compounds, allc.compounds_all AS "compoundsAll", co.households,
  coalesce(tk.tickets, 0) AS tickets, coalesce(tk.resolved, 0) AS resolved,
  coalesce(tk.resolved_on_time, 0) AS "resolvedOnTime",
  round(resp.median_response_h::numeric, 2)::float8 AS "medianResponseHours",
  round(tk.median_resolution_h::numeric, 1)::float8 AS "medianResolutionHours",
  coalesce(tk.rated, 0) AS rated, coalesce(tk.satisfaction_sum, 0) AS "satisfactionSum",
  coalesce(hot.hotspots, 0) AS hotspots,
  coalesce(fee.fee_due, 0) AS "feeDue", coalesce(fee.fee_collected, 0) AS "feeCollected"
FROM co
JOIN property_companies pc ON pc.id = co.company_id AND pc.retired_at IS NULL
JOIN company_party_status s ON s.company_id = pc.id
JOIN allc ON allc.company_id = pc.id
LEFT JOIN tk ON tk.co_id = pc.id LEFT JOIN resp ON resp.co_id = pc.id
LEFT JOIN hot ON hot.co_id = pc.id LEFT JOIN fee ON fee.company_id = pc.id
ORDER BY pc.id
