-- Dashboard KPIs of area $1 and of each of its children, in one pass per table. Every figure is counted
-- per community and rolled up by GROUPING SETS, so the children's counts sum to the total (key 0).
-- $2: days of the rate window (on-time rate, medians, satisfaction). The open, overdue and at-risk
-- tickets are dashboard-live.sql's; this takes seconds at city scale, so dashboard.ts keeps its answer
-- (snapshot.ts).
WITH kids AS (
  SELECT id FROM areas WHERE parent_id = $1 AND retired_at IS NULL
), comm AS (
  SELECT c.id, k.id AS child_id FROM areas c LEFT JOIN kids k ON c.path @> ARRAY[k.id]
  WHERE c.path @> ARRAY[$1::int] AND c.level = 'community'
), keys AS (
  SELECT id AS key FROM kids UNION ALL SELECT 0
), tk AS (
  -- one pass over the tickets that any figure counts: those created, resolved or rated in the window
  -- or resolved this month (a BitmapOr over three indexes, migration 056), never every ticket of the
  -- area. The FILTERs are the definitions; the WHERE only drops rows they all reject.
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    count(*) FILTER (WHERE t.resolved_at >= date_trunc('month', now()))::int AS closed_this_month,
    count(*) FILTER (WHERE t.created_at >= now() - make_interval(days => $2::int))::int AS created,
    count(*) FILTER (WHERE t.resolved_at >= now() - make_interval(days => $2::int))::int AS resolved,
    count(*) FILTER (WHERE t.resolved_at >= now() - make_interval(days => $2::int) AND t.resolved_at <= t.due_at)::int AS resolved_on_time,
    count(t.satisfaction) FILTER (WHERE t.closed_at >= now() - make_interval(days => $2::int))::int AS rated,
    sum(t.satisfaction) FILTER (WHERE t.closed_at >= now() - make_interval(days => $2::int))::int AS satisfaction_sum,
    -- the median needs a sort: only of the tickets resolved in the window
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.resolved_at - t.created_at) / 3600)
      FILTER (WHERE t.resolved_at >= now() - make_interval(days => $2::int)) AS median_resolution_h
  FROM tickets t JOIN comm ON comm.id = t.community_id
  WHERE t.resolved_at >= least(now() - make_interval(days => $2::int), date_trunc('month', now()))
     OR t.created_at >= now() - make_interval(days => $2::int)
     OR (t.closed_at >= now() - make_interval(days => $2::int) AND t.satisfaction IS NOT NULL)
  GROUP BY GROUPING SETS ((comm.child_id), ())
), acc AS (
  -- first sign-for (accepted) of each ticket filed in the window: a ticket's events all follow its
  -- filing, so its accepted events are all among those of the window (ticket_events_accepted_at_idx)
  SELECT e.ticket_id, min(e.at) AS at FROM ticket_events e
  WHERE e.kind = 'accepted' AND e.at >= now() - make_interval(days => $2::int)
  GROUP BY e.ticket_id
), resp AS (
  -- response: from filing to the first sign-for, for tickets filed in the window
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - t.created_at) / 3600) AS median_response_h
  FROM tickets t JOIN comm ON comm.id = t.community_id JOIN acc a ON a.ticket_id = t.id
  WHERE t.created_at >= now() - make_interval(days => $2::int)
  GROUP BY GROUPING SETS ((comm.child_id), ())
), cmp AS (
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    count(*)::int AS compounds, coalesce(sum(c.households), 0)::int AS households
  FROM compounds c JOIN comm ON comm.id = c.community_id
  WHERE c.retired_at IS NULL
  GROUP BY GROUPING SETS ((comm.child_id), ())
), bld AS (
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key, count(*)::int AS buildings
  FROM buildings b JOIN compounds c ON c.id = b.compound_id JOIN comm ON comm.id = c.community_id
  WHERE b.retired_at IS NULL AND c.retired_at IS NULL
  GROUP BY GROUPING SETS ((comm.child_id), ())
), co AS (
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    count(*)::int AS companies,
    count(*) FILTER (WHERE s.party_status IN ('own', 'joint'))::int AS companies_with_party
  FROM company_home h JOIN comm ON comm.id = h.community_id
  JOIN property_companies pc ON pc.id = h.company_id AND pc.retired_at IS NULL
  JOIN company_party_status s ON s.company_id = h.company_id
  GROUP BY GROUPING SETS ((comm.child_id), ())
), xa AS (
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key, count(*)::int AS cross_appointments
  FROM cross_appointments x JOIN comm ON comm.id = x.community_id
  WHERE x.start_on <= current_date AND (x.end_on IS NULL OR x.end_on >= current_date)
  GROUP BY GROUPING SETS ((comm.child_id), ())
), fee AS (
  -- the latest month with fee records, up to this one
  SELECT CASE WHEN GROUPING(comm.child_id) = 1 THEN 0 ELSE comm.child_id END AS key,
    sum(f.due_amount) AS fee_due, sum(f.collected_amount) AS fee_collected
  FROM fee_collections f JOIN compounds c ON c.id = f.compound_id JOIN comm ON comm.id = c.community_id
  WHERE f.month = (SELECT max(month) FROM fee_collections WHERE month <= date_trunc('month', now())::date)
  GROUP BY GROUPING SETS ((comm.child_id), ())
)
SELECT k.key,
  coalesce(cmp.compounds, 0) AS compounds, coalesce(cmp.households, 0) AS households,
  coalesce(bld.buildings, 0) AS buildings,
  coalesce(co.companies, 0) AS companies, coalesce(co.companies_with_party, 0) AS "companiesWithParty",
  coalesce(xa.cross_appointments, 0) AS "crossAppointments",
  coalesce(tk.closed_this_month, 0) AS "closedThisMonth", coalesce(tk.created, 0) AS created,
  coalesce(tk.resolved, 0) AS resolved, coalesce(tk.resolved_on_time, 0) AS "resolvedOnTime",
  round(tk.median_resolution_h::numeric, 1)::float8 AS "medianResolutionHours",
  round(resp.median_response_h::numeric, 2)::float8 AS "medianResponseHours",
  coalesce(tk.rated, 0) AS rated, coalesce(tk.satisfaction_sum, 0) AS "satisfactionSum",
  coalesce(fee.fee_due, 0)::float8 AS "feeDue", coalesce(fee.fee_collected, 0)::float8 AS "feeCollected"
FROM keys k
LEFT JOIN tk ON tk.key = k.key LEFT JOIN resp ON resp.key = k.key LEFT JOIN cmp ON cmp.key = k.key
LEFT JOIN bld ON bld.key = k.key LEFT JOIN co ON co.key = k.key LEFT JOIN xa ON xa.key = k.key
LEFT JOIN fee ON fee.key = k.key
