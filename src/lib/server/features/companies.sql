-- Side panel of a property company ($1 its id): its party status and organizations, the compounds it
-- manages and their households; placed on its compounds.
SELECT pc.id, pc.name, pc.credit_code, pc.party_members, s.party_status, NULL::int AS area_id,
  (SELECT count(*)::int FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL) AS compounds,
  (SELECT coalesce(sum(c.households), 0)::int FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL) AS households,
  (SELECT string_agg(o.name, '、' ORDER BY o.name) FROM party_org_companies x JOIN party_orgs o ON o.id = x.org_id
   WHERE x.company_id = pc.id AND x.end_on IS NULL AND o.retired_at IS NULL) AS party_orgs,
  (SELECT ARRAY[ST_X(p), ST_Y(p)] FROM (SELECT ST_PointOnSurface(ST_Collect(c.geom)) AS p
   FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL) x) AS center,
  (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] FROM (SELECT ST_Extent(c.geom)::geometry AS e
   FROM compounds c WHERE c.company_id = pc.id) x) AS bbox
FROM property_companies pc JOIN company_party_status s ON s.company_id = pc.id
WHERE pc.id = $1
