-- Party organizations: their own point (NULL when they have none: an export that is imported again
-- must not invent a point); `place` is where the map and the point search draw them (their own point,
-- else their compound's, else their area's point on surface) and `place_source` says which, for the
-- OGC API. The companies they cover as credit codes joined by ';'. Time: the founding date, from
-- its first instant as a UTC+8 day, as the API reads a date (ogc/service.ts, src/lib/days.ts): the
-- zone 'Asia/Shanghai' would start a day of China's summer time (1986–1991) an hour earlier, and a
-- filter by that date would miss it.
SELECT o.id, o.geom,
  coalesce(o.geom, ST_PointOnSurface(c.geom), ST_PointOnSurface(a.geom)) AS place,
  CASE WHEN o.geom IS NOT NULL THEN 'own' WHEN c.geom IS NOT NULL THEN 'compound'
       WHEN a.geom IS NOT NULL THEN 'area' END AS place_source,
  coalesce(o.area_id, c.community_id) AS area_id,
  o.founded_on::timestamp AT TIME ZONE INTERVAL '+08:00' AS dt,
  json_build_object('code', o.code, 'name', o.name, 'kind', o.kind, 'parent_code', par.code,
    'area_code', a.code, 'compound_code', c.code, 'members', o.members,
    'founded_on', to_char(o.founded_on, 'YYYY-MM-DD'),
    'company_credit_codes', (SELECT string_agg(pc.credit_code, ';' ORDER BY pc.credit_code)
      FROM party_org_companies x JOIN property_companies pc ON pc.id = x.company_id
      WHERE x.org_id = o.id AND x.end_on IS NULL)) AS props
FROM party_orgs o LEFT JOIN party_orgs par ON par.id = o.parent_id
  LEFT JOIN compounds c ON c.id = o.compound_id LEFT JOIN areas a ON a.id = o.area_id
WHERE o.retired_at IS NULL
