-- Compounds: insert, or update by code; empty optional fields keep their value.
INSERT INTO compounds AS c (code, name, address, community_id, district_id, company_id, households, population,
  year_built, geom)
SELECT r.code, r.p ->> 'name', r.p ->> 'address', a.id, a.path[2], pc.id,
  coalesce((r.p ->> 'households')::int, 0), coalesce((r.p ->> 'population')::int, 0),
  (r.p ->> 'year_built')::int, ST_Multi(r.geom)
FROM import_rows r JOIN areas a ON a.code = r.p ->> 'community_code'
  LEFT JOIN property_companies pc ON pc.credit_code = r.p ->> 'company_credit_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, address = coalesce(EXCLUDED.address, c.address),
  community_id = EXCLUDED.community_id, district_id = EXCLUDED.district_id,
  company_id = coalesce(EXCLUDED.company_id, c.company_id),
  households = CASE WHEN $1::boolean THEN EXCLUDED.households ELSE c.households END,
  population = CASE WHEN $2::boolean THEN EXCLUDED.population ELSE c.population END,
  year_built = coalesce(EXCLUDED.year_built, c.year_built), geom = EXCLUDED.geom, retired_at = NULL
RETURNING (xmax = 0) AS inserted
