-- Owners' committees: a known, live compound, and a term that ends after it starts (an election no
-- later than the term's end).
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'compound_code', 'unknown compound "' || (r.p ->> 'compound_code') || '" (import the compounds first)'
FROM import_rows r
WHERE NOT EXISTS (SELECT 1 FROM compounds c WHERE c.code = r.p ->> 'compound_code' AND c.retired_at IS NULL)
UNION ALL
SELECT r.row, 'term_end', 'the term must end after it starts (' || (r.p ->> 'term_start') || ')'
FROM import_rows r WHERE (r.p ->> 'term_end')::date <= (r.p ->> 'term_start')::date
UNION ALL
SELECT r.row, 'elected_on', 'must not be after the term ends (' || (r.p ->> 'term_end') || ')'
FROM import_rows r WHERE (r.p ->> 'elected_on')::date > (r.p ->> 'term_end')::date
