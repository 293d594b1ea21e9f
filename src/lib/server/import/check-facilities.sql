-- Facilities: the area and compound they name must exist.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'area_code', 'unknown area "' || (r.p ->> 'area_code') || '"'
FROM import_rows r
WHERE r.p ->> 'area_code' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = r.p ->> 'area_code')
UNION ALL
SELECT r.row, 'compound_code', 'unknown compound "' || (r.p ->> 'compound_code') || '"'
FROM import_rows r
WHERE r.p ->> 'compound_code' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM compounds c WHERE c.code = r.p ->> 'compound_code')
