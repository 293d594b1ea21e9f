-- Compounds as features; the managing company by its unified social credit code.
SELECT c.id, c.geom, c.community_id AS area_id, NULL::timestamptz AS dt,
  json_build_object('code', c.code, 'name', c.name, 'address', c.address, 'community_code', a.code,
    'company_credit_code', pc.credit_code, 'households', c.households, 'population', c.population,
    'year_built', c.year_built) AS props
FROM compounds c JOIN areas a ON a.id = c.community_id LEFT JOIN property_companies pc ON pc.id = c.company_id
WHERE c.retired_at IS NULL
