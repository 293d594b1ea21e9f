-- Held joint meetings per child area of $1 (or the area itself when it has no children) and quarter,
-- for the quarters from $2 (the first day of the earliest) to $3 (today).
WITH target AS (
  SELECT c.id FROM areas c WHERE c.parent_id = $1 AND c.retired_at IS NULL
  UNION ALL
  SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM areas c WHERE c.parent_id = $1 AND c.retired_at IS NULL)
)
SELECT t.id, to_char(m.held_on, 'YYYY-"Q"Q') AS quarter, count(*)::int AS meetings
FROM target t JOIN areas cm ON cm.path @> ARRAY[t.id] AND cm.level = 'community'
  JOIN joint_meetings m ON m.community_id = cm.id
WHERE m.status = 'held' AND m.retired_at IS NULL AND m.held_on BETWEEN $2::date AND $3::date
GROUP BY t.id, quarter
