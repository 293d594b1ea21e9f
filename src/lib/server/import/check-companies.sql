-- Property companies: a valid unified social credit code (GB 32100-2015).
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'credit_code', 'bad credit code "' || r.code || '" (18 characters with a check character, GB 32100-2015)'
FROM import_rows r WHERE NOT is_valid_credit_code(r.code)
