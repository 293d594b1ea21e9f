-- Patrol coverage per grid cell of area $1 (only worker $3's cells when $3 is set): the buildings of the
-- cell (by point on surface) and those with no check-in during the last $2 days.
WITH comm AS (
  SELECT id FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'
), cells AS (
  SELECT g.id, g.code, g.name, g.community_id, g.geom FROM grid_cells g JOIN comm ON comm.id = g.community_id
  WHERE g.retired_at IS NULL AND ($3::int IS NULL OR g.worker_id = $3)
), cb AS (
  SELECT c.id AS cell_id, b.households,
    EXISTS (SELECT 1 FROM patrol_checkins pc WHERE pc.building_id = b.id
            AND pc.at >= now() - make_interval(days => $2::int)) AS checked
  FROM cells c JOIN buildings b ON ST_PointOnSurface(b.geom) && c.geom
   AND ST_Intersects(c.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL
)
SELECT c.id, c.code, c.name, c.community_id AS "communityId",
  count(cb.cell_id)::int AS buildings,
  count(*) FILTER (WHERE cb.checked IS FALSE)::int AS unchecked,
  coalesce(sum(cb.households) FILTER (WHERE cb.checked IS FALSE), 0)::int AS "uncheckedHouseholds"
FROM cells c LEFT JOIN cb ON cb.cell_id = c.id
GROUP BY c.id, c.code, c.name, c.community_id
ORDER BY count(*) FILTER (WHERE cb.checked IS FALSE)::float8 / greatest(count(cb.cell_id), 1) DESC, c.code
