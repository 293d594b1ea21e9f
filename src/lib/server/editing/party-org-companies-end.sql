-- The companies a party organization ($1) no longer covers ($2: the ones it keeps). A company dropped
-- today was covered until yesterday (a day counts as it ends): its link is closed; one that never held
-- at a day's end (started today or later) leaves no history.
WITH today AS (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS d),
gone AS (DELETE FROM party_org_companies x USING today
         WHERE x.org_id = $1 AND x.end_on IS NULL AND NOT (x.company_id = ANY ($2::int[]))
           AND x.start_on >= today.d RETURNING x.company_id)
UPDATE party_org_companies x SET end_on = today.d - 1 FROM today
WHERE x.org_id = $1 AND x.end_on IS NULL AND NOT (x.company_id = ANY ($2::int[]))
  AND x.start_on < today.d
