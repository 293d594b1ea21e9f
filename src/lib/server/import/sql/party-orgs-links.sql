-- After the upsert: each imported organization's parent, and (when the file lists them) the set of
-- companies it covers, replaced by the file's. Three statements, so that each sees the one before.
UPDATE party_orgs o SET parent_id = par.id
FROM import_rows r JOIN party_orgs par ON par.code = r.p ->> 'parent_code'
WHERE o.code = r.code AND o.parent_id IS DISTINCT FROM par.id;

DELETE FROM party_org_companies x USING party_orgs o, import_rows r
WHERE x.org_id = o.id AND o.code = r.code AND r.p ? 'company_credit_codes';

INSERT INTO party_org_companies (org_id, company_id)
SELECT DISTINCT o.id, c.id
FROM import_rows r JOIN party_orgs o ON o.code = r.code,
  regexp_split_to_table(r.p ->> 'company_credit_codes', '\s*[;,、]\s*') AS cc
  JOIN property_companies c ON c.credit_code = cc
ON CONFLICT DO NOTHING;
