-- Owners' committees: the compound's live committee is updated (a new version), else one is inserted;
-- an empty election date keeps the one stored; registered and party_group are what the file says
-- (empty: no).
INSERT INTO owner_committees AS oc (compound_id, registered, elected_on, term_start, term_end, party_group)
SELECT c.id, coalesce((r.p ->> 'registered')::boolean, false), (r.p ->> 'elected_on')::date,
  (r.p ->> 'term_start')::date, (r.p ->> 'term_end')::date, coalesce((r.p ->> 'party_group')::boolean, false)
FROM import_rows r JOIN compounds c ON c.code = r.p ->> 'compound_code'
ORDER BY r.row
ON CONFLICT (compound_id) WHERE retired_at IS NULL DO UPDATE SET
  registered = EXCLUDED.registered,
  elected_on = coalesce(EXCLUDED.elected_on, oc.elected_on), term_start = EXCLUDED.term_start,
  term_end = EXCLUDED.term_end, party_group = EXCLUDED.party_group, version = oc.version + 1
RETURNING (xmax = 0) AS inserted
