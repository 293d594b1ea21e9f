-- How much of feature $2 of kind $1 lies inside an official's area $3, by the communities it covers:
-- 'whole' (all inside), 'part' (an ancestor of the area, or a company with compounds on both
-- sides), 'outside' (none).
WITH comm AS (
  SELECT community_id AS id FROM compounds WHERE $1 = 'compounds' AND id = $2
  UNION ALL SELECT c.community_id FROM buildings b JOIN compounds c ON c.id = b.compound_id WHERE $1 = 'buildings' AND b.id = $2
  UNION ALL SELECT community_id FROM grid_cells WHERE $1 = 'grid-cells' AND id = $2
  UNION ALL SELECT community_id FROM compounds WHERE $1 = 'companies' AND company_id = $2 AND retired_at IS NULL
), inside AS (
  SELECT count(*) FILTER (WHERE a.path @> ARRAY[$3::int]) AS n, count(*) AS m FROM comm JOIN areas a ON a.id = comm.id
)
SELECT CASE
  WHEN $1 = 'areas' THEN (
    SELECT CASE WHEN a.path @> ARRAY[$3::int] THEN 'whole'
                WHEN EXISTS (SELECT 1 FROM areas u WHERE u.id = $3 AND u.path @> ARRAY[a.id]) THEN 'part'
                ELSE 'outside' END
    FROM areas a WHERE a.id = $2)
  ELSE (SELECT CASE WHEN m = 0 OR n = 0 THEN 'outside' WHEN n = m THEN 'whole' ELSE 'part' END FROM inside)
END AS reach
