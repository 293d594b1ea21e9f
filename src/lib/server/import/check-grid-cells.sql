-- Grid cells belong to a community (by its area code).
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'community_code', 'unknown community "' || (r.p ->> 'community_code') || '"'
FROM import_rows r
WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.p ->> 'community_code' AND a.level = 'community')
