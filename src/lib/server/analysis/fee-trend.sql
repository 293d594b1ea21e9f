-- Monthly property-fee collection rate of area $1's subtree over the last $2 months.
SELECT to_char(f.month, 'YYYY-MM') AS month, sum(f.due_amount)::float8 AS due, sum(f.collected_amount)::float8 AS collected
FROM fee_collections f JOIN compounds c ON c.id = f.compound_id
JOIN areas a ON a.id = c.community_id AND a.path @> ARRAY[$1::int]
WHERE f.month > date_trunc('month', now())::date - make_interval(months => $2::int)
  AND f.month <= date_trunc('month', now())::date
GROUP BY f.month ORDER BY f.month
