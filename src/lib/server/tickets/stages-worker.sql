-- Stage times per person (grid worker or steward), counting only their own acts: for tickets filed
-- in the last $1 days in the area subtree $2 (NULL: everywhere) and the caller's scope (appended as
-- `AND …`, parameters from $4; $3 the row limit). A stage counts for the person whose own event
-- ended it (the event's actor is the person's user and `on_behalf_of` is empty): sign-for (filed →
-- first signed for) for who signed for it, resolve (signed for → resolved) and close (resolved →
-- closed) for who resolved it. A stage ended on someone's behalf is counted in their `onBehalf`, not
-- in their times; `waiting` counts the tickets they hold now in each stage.
WITH t AS MATERIALIZED (
  SELECT t.id, t.status, t.created_at, t.resolved_at, t.closed_at, t.assignee_id,
    acc.at AS accepted_at, acc.own AS accepted_by, acc.for_whom AS accepted_for,
    res.own AS resolved_by, res.for_whom AS resolved_for
  FROM tickets t
  LEFT JOIN LATERAL (
    SELECT e.at, CASE WHEN e.on_behalf_of IS NULL THEN u.person_id END AS own, e.on_behalf_of AS for_whom
    FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_user_id
    WHERE e.ticket_id = t.id AND e.kind = 'accepted' ORDER BY e.at, e.id LIMIT 1
  ) acc ON true
  LEFT JOIN LATERAL (
    SELECT CASE WHEN e.on_behalf_of IS NULL THEN u.person_id END AS own, e.on_behalf_of AS for_whom
    FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_user_id
    WHERE e.ticket_id = t.id AND e.kind = 'resolved' ORDER BY e.at, e.id LIMIT 1
  ) res ON true
  WHERE t.created_at > now() - make_interval(days => $1)
    AND ($2::int IS NULL OR t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$2::int]))
    AND /*scope*/
), stage AS (
  SELECT accepted_by AS person, 'sign' AS stage, extract(epoch FROM accepted_at - created_at) AS s
  FROM t WHERE accepted_by IS NOT NULL
  UNION ALL
  SELECT resolved_by, 'resolve', extract(epoch FROM resolved_at - accepted_at)
  FROM t WHERE resolved_by IS NOT NULL AND accepted_at IS NOT NULL AND resolved_at >= accepted_at
  UNION ALL
  SELECT resolved_by, 'close', extract(epoch FROM closed_at - resolved_at)
  FROM t WHERE resolved_by IS NOT NULL AND closed_at IS NOT NULL
), times AS (
  SELECT person,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FILTER (WHERE stage = 'sign') / 3600 AS sign_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY s) FILTER (WHERE stage = 'sign') / 3600 AS sign_p90,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FILTER (WHERE stage = 'resolve') / 3600 AS resolve_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY s) FILTER (WHERE stage = 'resolve') / 3600 AS resolve_p90,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY s) FILTER (WHERE stage = 'close') / 3600 AS close_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY s) FILTER (WHERE stage = 'close') / 3600 AS close_p90
  FROM stage GROUP BY person
), held AS (
  SELECT assignee_id AS person,
    count(*) FILTER (WHERE status IN ('new', 'assigned')) AS sign_waiting,
    count(*) FILTER (WHERE status IN ('accepted', 'in_progress')) AS resolve_waiting,
    count(*) FILTER (WHERE status = 'resolved') AS close_waiting
  FROM t WHERE assignee_id IS NOT NULL GROUP BY assignee_id
), behalf AS (
  SELECT person, count(*) AS n
  FROM (SELECT accepted_for AS person FROM t UNION ALL SELECT resolved_for FROM t) b
  WHERE person IS NOT NULL GROUP BY person
), involved AS (
  SELECT person, count(DISTINCT id) AS tickets
  FROM (SELECT id, accepted_by AS person FROM t UNION ALL SELECT id, resolved_by FROM t
        UNION ALL SELECT id, assignee_id FROM t) i
  WHERE person IS NOT NULL GROUP BY person
)
SELECT i.person AS id, p.name, i.tickets::int AS tickets, coalesce(b.n, 0)::int AS "onBehalf",
  json_build_object('medianH', round(x.sign_median::numeric, 1), 'p90H', round(x.sign_p90::numeric, 1), 'waiting', coalesce(h.sign_waiting, 0)) AS "signFor",
  json_build_object('medianH', round(x.resolve_median::numeric, 1), 'p90H', round(x.resolve_p90::numeric, 1), 'waiting', coalesce(h.resolve_waiting, 0)) AS resolve,
  json_build_object('medianH', round(x.close_median::numeric, 1), 'p90H', round(x.close_p90::numeric, 1), 'waiting', coalesce(h.close_waiting, 0)) AS close
FROM involved i
JOIN people p ON p.id = i.person
LEFT JOIN times x ON x.person = i.person
LEFT JOIN held h ON h.person = i.person
LEFT JOIN behalf b ON b.person = i.person
ORDER BY coalesce(h.sign_waiting + h.resolve_waiting + h.close_waiting, 0) DESC, i.tickets DESC, i.person
LIMIT $3
