-- Areas: a parent is required below the city, must exist (in the database or earlier in the file's
-- hierarchy) and be exactly one level up.
WITH lv(level, n) AS (VALUES ('city', 1), ('district', 2), ('street', 3), ('community', 4)),
parents AS (
  SELECT code, p ->> 'level' AS level FROM import_rows
  UNION ALL SELECT code, level FROM areas WHERE code NOT IN (SELECT code FROM import_rows WHERE code IS NOT NULL)
)
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'parent_code',
  CASE WHEN r.p ->> 'parent_code' IS NULL THEN 'required for a ' || (r.p ->> 'level')
       WHEN par.code IS NULL THEN 'unknown parent area "' || (r.p ->> 'parent_code') || '"'
       ELSE 'the parent of a ' || (r.p ->> 'level') || ' must be a ' ||
         (SELECT level FROM lv WHERE n = me.n - 1) || '; "' || par.code || '" is a ' || par.level END
FROM import_rows r JOIN lv me ON me.level = r.p ->> 'level'
  LEFT JOIN parents par ON par.code = r.p ->> 'parent_code'
  LEFT JOIN lv up ON up.level = par.level
WHERE me.level <> 'city' AND (par.code IS NULL OR up.n <> me.n - 1)
UNION ALL
SELECT r.row, 'parent_code', 'a city has no parent'
FROM import_rows r WHERE r.p ->> 'level' = 'city' AND r.p ->> 'parent_code' IS NOT NULL
