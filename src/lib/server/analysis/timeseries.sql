-- Tickets filed per day or week and category in area $1's subtree over the last $2 days; $3 'day' | 'week'.
-- The tickets are counted per bucket first (an index-only scan of tickets_created_idx, which carries
-- community and category: migration 406), then laid on every bucket: an empty one gives a row with
-- no category and 0.
WITH b AS (
  SELECT generate_series(date_trunc($3, now() - make_interval(days => $2::int)), date_trunc($3, now()),
    CASE $3 WHEN 'week' THEN interval '1 week' ELSE interval '1 day' END) AS bucket
), n AS (
  SELECT date_trunc($3, t.created_at) AS bucket, t.category, count(*)::int AS tickets
  FROM tickets t
  WHERE t.created_at >= date_trunc($3, now() - make_interval(days => $2::int))
    AND t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community')
  GROUP BY 1, 2
)
SELECT to_char(b.bucket, 'YYYY-MM-DD') AS bucket, n.category, coalesce(n.tickets, 0) AS tickets
FROM b LEFT JOIN n ON n.bucket = b.bucket
ORDER BY b.bucket, n.category
