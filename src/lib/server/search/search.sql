-- Search by name across areas, compounds, property companies, facilities and party organizations:
-- $1 the query, $2 the query escaped for LIKE, $3 the limit. Typo-tolerant through pg_trgm
-- (similarity `%` and word similarity `<%`, both served by the gin_trgm_ops indexes of 010).
WITH hits AS (
  SELECT 'areas' AS layer, a.id, a.name, a.level AS kind, p.name AS context, a.geom
  FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
  WHERE a.retired_at IS NULL AND (a.name % $1 OR $1 <% a.name OR a.name ILIKE '%' || $2 || '%')
  UNION ALL
  SELECT 'compounds', c.id, c.name, 'compound', cm.name, c.geom
  FROM compounds c JOIN areas cm ON cm.id = c.community_id
  WHERE c.retired_at IS NULL AND (c.name % $1 OR $1 <% c.name OR c.name ILIKE '%' || $2 || '%')
  UNION ALL
  SELECT 'companies', pc.id, pc.name, 'company', s.party_status,
    (SELECT ST_Collect(c.geom) FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL)
  FROM property_companies pc JOIN company_party_status s ON s.company_id = pc.id
  WHERE pc.retired_at IS NULL AND (pc.name % $1 OR $1 <% pc.name OR pc.name ILIKE '%' || $2 || '%')
  UNION ALL
  SELECT 'facilities', f.id, f.name, f.type, a.name, f.geom
  FROM facilities f LEFT JOIN areas a ON a.id = f.area_id
  WHERE f.retired_at IS NULL AND (f.name % $1 OR $1 <% f.name OR f.name ILIKE '%' || $2 || '%')
  UNION ALL
  SELECT 'party-orgs', o.id, o.name, o.kind, coalesce(c.name, a.name),
    coalesce(o.geom, ST_PointOnSurface(c.geom), ST_PointOnSurface(a.geom))
  FROM party_orgs o LEFT JOIN compounds c ON c.id = o.compound_id LEFT JOIN areas a ON a.id = o.area_id
  WHERE o.retired_at IS NULL AND (o.name % $1 OR $1 <% o.name OR o.name ILIKE '%' || $2 || '%')
), scored AS (
  SELECT h.*,
    CASE WHEN h.name = $1 THEN 3
         WHEN h.name ILIKE $2 || '%' THEN 2 + similarity(h.name, $1)
         WHEN h.name ILIKE '%' || $2 || '%' THEN 1 + similarity(h.name, $1)
         ELSE greatest(similarity(h.name, $1), word_similarity($1, h.name)) END AS score,
    CASE WHEN h.geom IS NULL THEN NULL
         WHEN ST_Contains(h.geom, ST_Centroid(h.geom)) THEN ST_Centroid(h.geom)
         ELSE ST_PointOnSurface(h.geom) END AS pt
  FROM hits h
)
SELECT layer, id, name, kind, context, round(score::numeric, 3)::float8 AS score,
  CASE WHEN pt IS NULL THEN NULL ELSE ARRAY[ST_X(pt), ST_Y(pt)] END AS center,
  CASE WHEN geom IS NULL THEN NULL ELSE ARRAY[ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)] END AS bbox
FROM scored
ORDER BY score DESC, length(name), layer, id
LIMIT $3
