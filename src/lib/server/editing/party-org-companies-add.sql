-- The companies ($2) a party organization ($1) covers that it did not: a new organization ($3 true)
-- covers them from its founding (the table's trigger: the founding date, else today); a company added
-- to an existing one is covered from today.
INSERT INTO party_org_companies (org_id, company_id, start_on)
SELECT $1, c, CASE WHEN $3 THEN NULL ELSE (now() AT TIME ZONE 'Asia/Shanghai')::date END
FROM unnest($2::int[]) AS c
WHERE NOT EXISTS (SELECT 1 FROM party_org_companies x WHERE x.org_id = $1 AND x.company_id = c
                  AND x.end_on IS NULL)
