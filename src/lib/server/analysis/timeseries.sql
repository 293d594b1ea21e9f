-- Tickets filed per day or week and category in area $1's subtree over the last $2 days; $3 'day' | 'week'.
WITH b AS (
  SELECT generate_series(date_trunc($3, now() - make_interval(days => $2::int)), date_trunc($3, now()),
    CASE $3 WHEN 'week' THEN interval '1 week' ELSE interval '1 day' END) AS bucket
)
SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, t.category, count(t.*)::int AS tickets
FROM b LEFT JOIN tickets t
  ON date_trunc($3, t.created_at) = b.bucket
  AND t.created_at >= date_trunc($3, now() - make_interval(days => $2::int))
  AND t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community')
GROUP BY b.bucket, t.category ORDER BY b.bucket, t.category
