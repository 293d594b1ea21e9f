-- After the upsert: each imported organization's parent, and (when the file lists them) the set of
-- companies it covers, replaced by the file's. Separate statements, so that each sees the one before.
UPDATE party_orgs o SET parent_id = par.id
FROM import_rows r JOIN party_orgs par ON par.code = r.p ->> 'parent_code'
WHERE o.code = r.code AND o.parent_id IS DISTINCT FROM par.id;

-- Links the file no longer lists end (their history stays): closed as of yesterday (Beijing), or
-- removed when they only began today. Then the file's links open today where none is open.
DELETE FROM party_org_companies x USING party_orgs o, import_rows r
WHERE x.org_id = o.id AND o.code = r.code AND r.p ? 'company_credit_codes' AND x.end_on IS NULL
  AND x.start_on >= (now() AT TIME ZONE 'Asia/Shanghai')::date
  AND x.company_id NOT IN (SELECT c.id FROM regexp_split_to_table(r.p ->> 'company_credit_codes', '\s*[;,、]\s*') AS cc
                           JOIN property_companies c ON c.credit_code = cc);

UPDATE party_org_companies x SET end_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1
FROM party_orgs o, import_rows r
WHERE x.org_id = o.id AND o.code = r.code AND r.p ? 'company_credit_codes' AND x.end_on IS NULL
  AND x.company_id NOT IN (SELECT c.id FROM regexp_split_to_table(r.p ->> 'company_credit_codes', '\s*[;,、]\s*') AS cc
                           JOIN property_companies c ON c.credit_code = cc);

INSERT INTO party_org_companies (org_id, company_id, start_on)
SELECT DISTINCT o.id, c.id, (now() AT TIME ZONE 'Asia/Shanghai')::date
FROM import_rows r JOIN party_orgs o ON o.code = r.code,
  regexp_split_to_table(r.p ->> 'company_credit_codes', '\s*[;,、]\s*') AS cc
  JOIN property_companies c ON c.credit_code = cc
WHERE NOT EXISTS (SELECT 1 FROM party_org_companies x WHERE x.org_id = o.id AND x.company_id = c.id AND x.end_on IS NULL)
ON CONFLICT DO NOTHING;
