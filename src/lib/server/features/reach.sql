-- How much of each feature ($1 kinds, $2 ids: parallel arrays) lies inside an official's area $3, by
-- the communities it covers: 'whole' (all inside), 'part' (an ancestor of the area, or a company with
-- compounds on both sides), 'outside' (none). One row per feature, in the order given (ord from 1).
SELECT k.ord::int AS ord, r.reach
FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS k(layer, id, ord)
CROSS JOIN LATERAL (
  WITH comm AS (
    SELECT community_id AS id FROM compounds WHERE k.layer = 'compounds' AND id = k.id
    UNION ALL SELECT c.community_id FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE k.layer = 'buildings' AND b.id = k.id
    UNION ALL SELECT community_id FROM grid_cells WHERE k.layer = 'grid-cells' AND id = k.id
    UNION ALL SELECT community_id FROM compounds WHERE k.layer = 'companies' AND company_id = k.id AND retired_at IS NULL
  ), inside AS (
    SELECT count(*) FILTER (WHERE a.path @> ARRAY[$3::int]) AS n, count(*) AS m FROM comm JOIN areas a ON a.id = comm.id
  )
  SELECT CASE
    WHEN k.layer = 'areas' THEN (
      SELECT CASE WHEN a.path @> ARRAY[$3::int] THEN 'whole'
                  WHEN EXISTS (SELECT 1 FROM areas u WHERE u.id = $3 AND u.path @> ARRAY[a.id]) THEN 'part'
                  ELSE 'outside' END
      FROM areas a WHERE a.id = k.id)
    ELSE (SELECT CASE WHEN m = 0 OR n = 0 THEN 'outside' WHEN n = m THEN 'whole' ELSE 'part' END FROM inside)
  END AS reach
) r
ORDER BY k.ord
