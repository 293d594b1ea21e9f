-- Property companies, drawn as the compounds they manage (NULL geometry when they manage none);
-- their area is the home community of company_home. party_status is derived (export only).
SELECT pc.id, (SELECT ST_Multi(ST_Collect(c.geom)) FROM compounds c
    WHERE c.company_id = pc.id AND c.retired_at IS NULL) AS geom,
  h.community_id AS area_id, NULL::timestamptz AS dt,
  json_build_object('credit_code', pc.credit_code, 'name', pc.name, 'address', pc.address,
    'party_members', pc.party_members, 'party_status', s.party_status) AS props
FROM property_companies pc JOIN company_party_status s ON s.company_id = pc.id
  LEFT JOIN company_home h ON h.company_id = pc.id
WHERE pc.retired_at IS NULL
