-- Property companies, drawn as the compounds they manage: one MultiPolygon of all their parts (NULL
-- when they manage none); `place` falls back to their home community (company_home) for the OGC API,
-- `place_source` says which. party_status is derived (export only).
SELECT pc.id, m.geom, coalesce(m.geom, ST_Multi(home.geom)) AS place,
  CASE WHEN m.geom IS NOT NULL THEN 'compounds' WHEN home.geom IS NOT NULL THEN 'area' END AS place_source,
  h.community_id AS area_id, NULL::timestamptz AS dt,
  json_build_object('credit_code', pc.credit_code, 'name', pc.name, 'address', pc.address,
    'party_members', pc.party_members, 'party_status', s.party_status) AS props
FROM property_companies pc JOIN company_party_status s ON s.company_id = pc.id
  LEFT JOIN company_home h ON h.company_id = pc.id
  LEFT JOIN areas home ON home.id = h.community_id
  LEFT JOIN LATERAL (
    SELECT ST_Multi(ST_CollectionExtract(ST_Collect(c.geom), 3)) AS geom FROM compounds c
    WHERE c.company_id = pc.id AND c.retired_at IS NULL
  ) m ON true
WHERE pc.retired_at IS NULL
