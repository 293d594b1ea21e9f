-- Compounds: a known community; a managing company by a valid, known unified social credit code.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'community_code', 'unknown community "' || (r.p ->> 'community_code') || '"'
FROM import_rows r
WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.p ->> 'community_code' AND a.level = 'community')
UNION ALL
SELECT r.row, 'company_credit_code',
  CASE WHEN NOT is_valid_credit_code(r.p ->> 'company_credit_code')
       THEN 'bad credit code "' || (r.p ->> 'company_credit_code') || '" (18 characters with a check character, GB 32100-2015)'
       ELSE 'unknown company "' || (r.p ->> 'company_credit_code') || '" (import the companies first)' END
FROM import_rows r
WHERE r.p ->> 'company_credit_code' IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM property_companies c WHERE c.credit_code = r.p ->> 'company_credit_code')
