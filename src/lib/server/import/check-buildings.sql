-- Buildings belong to a known compound.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'compound_code', 'unknown compound "' || (r.p ->> 'compound_code') || '"'
FROM import_rows r
WHERE NOT EXISTS (SELECT 1 FROM compounds c WHERE c.code = r.p ->> 'compound_code')
