-- Party organizations: a parent (in the database or the file), area, compound and covered companies
-- that exist; company codes separated by ; , or 、.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'parent_code', 'unknown parent organization "' || (r.p ->> 'parent_code') || '"'
FROM import_rows r
WHERE r.p ->> 'parent_code' IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM party_orgs o WHERE o.code = r.p ->> 'parent_code')
  AND NOT EXISTS (SELECT 1 FROM import_rows x WHERE x.code = r.p ->> 'parent_code')
UNION ALL
SELECT r.row, 'parent_code', 'an organization cannot be its own parent'
FROM import_rows r WHERE r.p ->> 'parent_code' = r.code
UNION ALL
SELECT r.row, 'area_code', 'unknown area "' || (r.p ->> 'area_code') || '"'
FROM import_rows r
WHERE r.p ->> 'area_code' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.p ->> 'area_code')
UNION ALL
SELECT r.row, 'compound_code', 'unknown compound "' || (r.p ->> 'compound_code') || '"'
FROM import_rows r
WHERE r.p ->> 'compound_code' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM compounds c WHERE c.code = r.p ->> 'compound_code')
UNION ALL
SELECT r.row, 'company_credit_codes',
  CASE WHEN NOT is_valid_credit_code(cc) THEN 'bad credit code "' || cc || '"'
       ELSE 'unknown company "' || cc || '" (import the companies first)' END
FROM import_rows r, regexp_split_to_table(r.p ->> 'company_credit_codes', '\s*[;,、]\s*') AS cc
WHERE cc <> '' AND NOT EXISTS (SELECT 1 FROM property_companies c WHERE c.credit_code = cc)
