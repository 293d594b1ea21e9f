-- One company's fees due and collected per month over the last 12 months ($1 company id), on its
-- compounds inside area $2 (the viewer's frame), oldest month first.
SELECT to_char(f.month, 'YYYY-MM') AS month, sum(f.due_amount)::float8 AS due, sum(f.collected_amount)::float8 AS collected
FROM fee_collections f JOIN compounds c ON c.id = f.compound_id JOIN areas cm ON cm.id = c.community_id
WHERE c.company_id = $1 AND cm.path @> ARRAY[$2::int]
  AND f.month > (date_trunc('month', now()) - interval '12 months')::date
GROUP BY f.month
ORDER BY f.month
