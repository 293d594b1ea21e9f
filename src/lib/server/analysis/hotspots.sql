-- Repeat hotspots: a building or a compound with at least $5 tickets of one category in the window.
-- $1 categories, $2 statuses, $3 from, $4 to, $5 minimum; the scope condition (alias t) follows.
WITH t AS (
  SELECT t.category, t.building_id, t.compound_id FROM tickets t
  WHERE ($1::text[] IS NULL OR t.category = ANY ($1::text[]))
    AND ($2::text[] IS NULL OR t.status = ANY ($2::text[]))
    AND t.created_at >= $3::timestamptz AND t.created_at < $4::timestamptz
    AND /*scope*/
), hits AS (
  SELECT 'building' AS kind, building_id AS id, category, count(*)::int AS tickets FROM t
  WHERE building_id IS NOT NULL GROUP BY building_id, category HAVING count(*) >= $5
  UNION ALL
  SELECT 'compound', compound_id, category, count(*)::int FROM t
  WHERE compound_id IS NOT NULL GROUP BY compound_id, category HAVING count(*) >= $5
)
SELECT h.kind, h.id, h.category, h.tickets,
  CASE h.kind WHEN 'building' THEN c.name || ' ' || b.number ELSE c.name END AS name,
  ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat
FROM hits h
LEFT JOIN buildings b ON h.kind = 'building' AND b.id = h.id
JOIN compounds c ON c.id = CASE h.kind WHEN 'building' THEN b.compound_id ELSE h.id END
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(CASE h.kind WHEN 'building' THEN b.geom ELSE c.geom END) AS pt) p
ORDER BY h.tickets DESC, h.kind, h.id, h.category
LIMIT 500
