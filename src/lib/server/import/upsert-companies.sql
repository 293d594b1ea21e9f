-- Property companies: insert, or update by credit code.
INSERT INTO property_companies AS pc (credit_code, name, address, party_members)
SELECT r.code, r.p ->> 'name', r.p ->> 'address', coalesce((r.p ->> 'party_members')::int, 0)
FROM import_rows r
ORDER BY r.row
ON CONFLICT (credit_code) DO UPDATE SET name = EXCLUDED.name, address = coalesce(EXCLUDED.address, pc.address),
  party_members = CASE WHEN $1::boolean THEN EXCLUDED.party_members ELSE pc.party_members END, retired_at = NULL
RETURNING (xmax = 0) AS inserted
