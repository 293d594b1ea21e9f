-- Companies without a party organization (instructor only, or none) that manage compounds in area $1,
-- with those compounds, their households and tickets in the $2 days before; worst ticket rate first.
-- As of the end of Beijing day $3 (NULL: now).
WITH day AS (
  SELECT coalesce(($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', now()) AS day_end
), comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), cmp AS (
  SELECT c.id, c.name, c.households, c.company_id, c.geom, s.party_status
  FROM day CROSS JOIN compounds c JOIN comm ON comm.id = c.community_id
  JOIN company_party_status_at(coalesce($3::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)) s ON s.company_id = c.company_id
  WHERE s.party_status IN ('instructor', 'none') AND (c.retired_at IS NULL OR c.retired_at >= day.day_end)
), tk AS (
  SELECT t.compound_id, count(*)::int AS n FROM day CROSS JOIN tickets t
  WHERE t.compound_id IN (SELECT id FROM cmp) AND t.created_at < day.day_end
    AND t.created_at >= day.day_end - make_interval(days => $2::int)
  GROUP BY t.compound_id
), cmp_t AS (
  SELECT cmp.*, coalesce(tk.n, 0) AS tickets,
    CASE WHEN cmp.households > 0 THEN round(coalesce(tk.n, 0) * 1000.0 / cmp.households, 2)::float8 END AS rate
  FROM cmp LEFT JOIN tk ON tk.compound_id = cmp.id
), co AS (
  SELECT pc.id, pc.name, pc.credit_code AS "creditCode", min(c.party_status) AS "partyStatus",
    count(*)::int AS compounds, sum(c.households)::int AS households, sum(c.tickets)::int AS tickets,
    CASE WHEN sum(c.households) > 0 THEN round(sum(c.tickets) * 1000.0 / sum(c.households), 2)::float8 END AS rate,
    max(c.rate) AS "worstCompoundRate",
    json_agg(json_build_object('id', c.id, 'name', c.name, 'households', c.households, 'tickets', c.tickets,
      'rate', c.rate) ORDER BY c.rate DESC NULLS LAST) AS "compoundList"
  FROM day CROSS JOIN cmp_t c JOIN property_companies pc ON pc.id = c.company_id
  WHERE pc.retired_at IS NULL OR pc.retired_at >= day.day_end
  GROUP BY pc.id
)
SELECT * FROM co
ORDER BY rate DESC NULLS LAST, "worstCompoundRate" DESC NULLS LAST, id
