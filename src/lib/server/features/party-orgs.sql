-- Side panel of a party organization ($1 its id): its parent, compound, the companies it covers now;
-- placed at its own point, else its compound, else its area.
SELECT o.id, o.name, o.kind, o.members, to_char(o.founded_on, 'YYYY-MM-DD') AS founded_on,
  par.name AS parent, c.name AS compound, coalesce(o.area_id, c.community_id) AS area_id,
  (SELECT string_agg(pc.name, '、' ORDER BY pc.name) FROM party_org_companies x
   JOIN property_companies pc ON pc.id = x.company_id WHERE x.org_id = o.id AND x.end_on IS NULL) AS companies,
  CASE WHEN ST_Contains(coalesce(o.geom, c.geom, a.geom), ST_Centroid(coalesce(o.geom, c.geom, a.geom))) THEN ARRAY[ST_X(ST_Centroid(coalesce(o.geom, c.geom, a.geom))), ST_Y(ST_Centroid(coalesce(o.geom, c.geom, a.geom)))]
       ELSE ARRAY[ST_X(ST_PointOnSurface(coalesce(o.geom, c.geom, a.geom))), ST_Y(ST_PointOnSurface(coalesce(o.geom, c.geom, a.geom)))] END AS center,
  ARRAY[ST_XMin(coalesce(o.geom, c.geom, a.geom)), ST_YMin(coalesce(o.geom, c.geom, a.geom)), ST_XMax(coalesce(o.geom, c.geom, a.geom)), ST_YMax(coalesce(o.geom, c.geom, a.geom))] AS bbox
FROM party_orgs o LEFT JOIN party_orgs par ON par.id = o.parent_id
  LEFT JOIN compounds c ON c.id = o.compound_id LEFT JOIN areas a ON a.id = o.area_id
WHERE o.id = $1
