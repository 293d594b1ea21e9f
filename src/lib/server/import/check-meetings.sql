-- Joint meetings: a known community, a compound (when given) in that community, and a meeting marked
-- held (the default) not dated after today (Beijing).
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'community_code', 'unknown community "' || (r.p ->> 'community_code') || '"'
FROM import_rows r
WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.p ->> 'community_code' AND a.level = 'community')
UNION ALL
SELECT r.row, 'compound_code', 'compound "' || (r.p ->> 'compound_code') || '" is not in community "' || (r.p ->> 'community_code') || '"'
FROM import_rows r
WHERE r.p ->> 'compound_code' IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM compounds c JOIN areas a ON a.id = c.community_id
                  WHERE c.code = r.p ->> 'compound_code' AND a.code = r.p ->> 'community_code')
UNION ALL
SELECT r.row, 'held_on', 'a meeting dated ' || (r.p ->> 'held_on') || ' (after today) cannot be marked held'
FROM import_rows r
WHERE coalesce(r.p ->> 'status', 'held') = 'held'
  AND (r.p ->> 'held_on')::date > (now() AT TIME ZONE 'Asia/Shanghai')::date
