-- Companies managing compounds inside area $1, each counted on its compounds inside that area only:
-- compounds and households there (and its compounds in all), party status, and the fees of the
-- latest month with records. Every figure is a count or a sum over raw rows, counted on every request
-- (a party organization linked a minute ago shows). The service figures over a window of days are
-- list-tickets.sql's.
WITH cin AS (
  SELECT c.id, c.company_id, c.households FROM compounds c
  WHERE c.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community')
    AND c.retired_at IS NULL AND c.company_id IS NOT NULL
), co AS (
  SELECT company_id, count(*)::int AS compounds, sum(households)::int AS households FROM cin GROUP BY company_id
), allc AS (
  SELECT c.company_id, count(*)::int AS compounds_all FROM compounds c
  WHERE c.retired_at IS NULL AND c.company_id IN (SELECT company_id FROM co) GROUP BY c.company_id
), fee AS (
  SELECT cin.company_id, sum(f.due_amount)::float8 AS fee_due, sum(f.collected_amount)::float8 AS fee_collected
  FROM fee_collections f JOIN cin ON cin.id = f.compound_id
  WHERE f.month = (SELECT max(month) FROM fee_collections WHERE month <= date_trunc('month', now())::date)
  GROUP BY cin.company_id
)
SELECT pc.id, pc.name, s.party_status AS "partyStatus",
  co.compounds, allc.compounds_all AS "compoundsAll", co.households,
  coalesce(fee.fee_due, 0) AS "feeDue", coalesce(fee.fee_collected, 0) AS "feeCollected"
FROM co
JOIN property_companies pc ON pc.id = co.company_id AND pc.retired_at IS NULL
JOIN company_party_status s ON s.company_id = pc.id
JOIN allc ON allc.company_id = pc.id
LEFT JOIN fee ON fee.company_id = pc.id
ORDER BY pc.id
