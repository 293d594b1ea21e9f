-- People: a known area (the community, or the district of an instructor) and, for company heads, a
-- company by a valid, known unified social credit code.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'area_code', 'unknown parent area "' || (r.p ->> 'area_code') || '" (import the areas first)'
FROM import_rows r
WHERE r.p ->> 'area_code' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.p ->> 'area_code')
UNION ALL
SELECT r.row, 'company_credit_code',
  CASE WHEN NOT is_valid_credit_code(r.p ->> 'company_credit_code')
       THEN 'bad credit code "' || (r.p ->> 'company_credit_code') || '" (18 characters with a check character, GB 32100-2015)'
       ELSE 'unknown company "' || (r.p ->> 'company_credit_code') || '" (import the companies first)' END
FROM import_rows r
WHERE r.p ->> 'company_credit_code' IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM property_companies c WHERE c.credit_code = r.p ->> 'company_credit_code')
