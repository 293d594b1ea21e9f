-- The owners' committee layer of the map for an area ($1): its live compounds by committee class on
-- $2 (today: none / expired, the term ended before today / active), and the communities with no held
-- joint meeting in the last full quarter ($3 … $4), by id. The rules of figures.sql and gaps.sql.
WITH comm AS (
  SELECT a.id FROM areas a
  WHERE a.level = 'community' AND a.retired_at IS NULL AND a.path @> ARRAY[$1::int]
),
cls AS (
  SELECT CASE WHEN oc.id IS NULL THEN 'none' WHEN oc.term_end < $2::date THEN 'expired' ELSE 'active' END AS k
  FROM comm JOIN compounds c ON c.community_id = comm.id AND c.retired_at IS NULL
    LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
)
SELECT
  (SELECT count(*) FILTER (WHERE k = 'none') FROM cls)::int AS none,
  (SELECT count(*) FILTER (WHERE k = 'expired') FROM cls)::int AS expired,
  (SELECT count(*) FILTER (WHERE k = 'active') FROM cls)::int AS active,
  (SELECT coalesce(array_agg(comm.id ORDER BY comm.id), '{}') FROM comm
   WHERE NOT EXISTS (SELECT 1 FROM joint_meetings m WHERE m.community_id = comm.id AND m.status = 'held'
                     AND m.retired_at IS NULL AND m.held_on BETWEEN $3::date AND $4::date AND m.held_on <= $2::date)
  ) AS no_meeting
