-- Committee members: insert, or update by code (a new version); empty optional fields keep their value.
INSERT INTO committee_members AS m (code, committee_id, name, phone, position, party_member)
SELECT r.code, oc.id, r.p ->> 'name', r.p ->> 'phone', r.p ->> 'position',
  coalesce((r.p ->> 'party_member')::boolean, false)
FROM import_rows r JOIN compounds c ON c.code = r.p ->> 'compound_code'
  JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET committee_id = EXCLUDED.committee_id, name = EXCLUDED.name,
  phone = coalesce(EXCLUDED.phone, m.phone), position = EXCLUDED.position,
  party_member = EXCLUDED.party_member, version = m.version + 1, retired_at = NULL
RETURNING (xmax = 0) AS inserted
