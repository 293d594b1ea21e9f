-- Committee members: the compound has a live committee; one person (name and phone) holds one position
-- in it and it has one chair, counting the file and the members already there under other codes.
INSERT INTO import_rejects (row, field, reason)
SELECT r.row, 'compound_code', 'compound "' || (r.p ->> 'compound_code') || '" has no owners'' committee (import the committee first)'
FROM import_rows r
WHERE NOT EXISTS (SELECT 1 FROM compounds c JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
                  WHERE c.code = r.p ->> 'compound_code')
UNION ALL
SELECT x.row, 'position', x.name || ' holds two positions in the committee of ' || x.compound || ' (also row ' || x.first || ')'
FROM (SELECT r.row, r.p ->> 'name' AS name, r.p ->> 'compound_code' AS compound,
        min(r.row) OVER (PARTITION BY r.p ->> 'compound_code', r.p ->> 'name', coalesce(r.p ->> 'phone', '')) AS first
      FROM import_rows r) x
WHERE x.row <> x.first
UNION ALL
SELECT r.row, 'position', (r.p ->> 'name') || ' already holds the position ' || m.position || ' in this committee (member ' || coalesce(m.code, m.id::text) || ')'
FROM import_rows r JOIN compounds c ON c.code = r.p ->> 'compound_code'
  JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
  JOIN committee_members m ON m.committee_id = oc.id AND m.retired_at IS NULL AND m.name = r.p ->> 'name'
    AND coalesce(m.phone, '') = coalesce(r.p ->> 'phone', '') AND m.code IS DISTINCT FROM r.code
UNION ALL
SELECT x.row, 'position', 'a second chair for the committee of ' || x.compound || ' (row ' || x.first || ')'
FROM (SELECT r.row, r.p ->> 'compound_code' AS compound,
        min(r.row) OVER (PARTITION BY r.p ->> 'compound_code') AS first
      FROM import_rows r WHERE r.p ->> 'position' = 'chair') x
WHERE x.row <> x.first
UNION ALL
SELECT r.row, 'position', 'the committee of ' || (r.p ->> 'compound_code') || ' has a chair already (member ' || coalesce(m.code, m.id::text) || ')'
FROM import_rows r JOIN compounds c ON c.code = r.p ->> 'compound_code'
  JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
  JOIN committee_members m ON m.committee_id = oc.id AND m.retired_at IS NULL AND m.position = 'chair'
    AND m.code IS DISTINCT FROM r.code
WHERE r.p ->> 'position' = 'chair'
