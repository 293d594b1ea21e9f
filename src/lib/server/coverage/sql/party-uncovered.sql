-- Companies without a party organization (instructor only, or none) that manage compounds in area $1,
-- with those compounds, their households and tickets in the last $2 days; worst ticket rate first.
WITH comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), cmp AS (
  SELECT c.id, c.name, c.households, c.company_id, c.geom, s.party_status
  FROM compounds c JOIN comm ON comm.id = c.community_id
  JOIN company_party_status s ON s.company_id = c.company_id
  WHERE s.party_status IN ('instructor', 'none') AND c.retired_at IS NULL
), tk AS (
  SELECT t.compound_id, count(*)::int AS n FROM tickets t
  WHERE t.compound_id IN (SELECT id FROM cmp) AND t.created_at >= now() - make_interval(days => $2::int)
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
  FROM cmp_t c JOIN property_companies pc ON pc.id = c.company_id
  WHERE pc.retired_at IS NULL
  GROUP BY pc.id
)
SELECT * FROM co
ORDER BY rate DESC NULLS LAST, "worstCompoundRate" DESC NULLS LAST, id
