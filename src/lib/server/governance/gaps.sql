-- The coverage gaps of governance in an area ($1), at most $5 rows of each kind: live compounds with no
-- owners' committee or whose committee's term ended before $2 (today), and communities with no held
-- joint meeting in the last quarter ($3 … $4), with the date of their last held meeting.
(SELECT 'compound' AS kind, c.id, c.name, cm.name AS parent, c.households,
   CASE WHEN oc.id IS NULL THEN 'none' ELSE 'expired' END AS gap, oc.term_end::text AS since
 FROM compounds c JOIN areas cm ON cm.id = c.community_id
   LEFT JOIN owner_committees oc ON oc.compound_id = c.id AND oc.retired_at IS NULL
 WHERE c.retired_at IS NULL AND cm.path @> ARRAY[$1::int] AND (oc.id IS NULL OR oc.term_end < $2::date)
 ORDER BY c.households DESC, c.id LIMIT $5)
UNION ALL
(SELECT 'community', a.id, a.name, s.name, a.households, 'no_meeting',
   (SELECT max(m.held_on)::text FROM joint_meetings m
    WHERE m.community_id = a.id AND m.status = 'held' AND m.retired_at IS NULL AND m.held_on <= $2::date)
 FROM areas a LEFT JOIN areas s ON s.id = a.parent_id
 WHERE a.level = 'community' AND a.retired_at IS NULL AND a.path @> ARRAY[$1::int]
   AND NOT EXISTS (SELECT 1 FROM joint_meetings m WHERE m.community_id = a.id AND m.status = 'held'
                   AND m.retired_at IS NULL AND m.held_on BETWEEN $3::date AND $4::date)
 ORDER BY a.households DESC NULLS LAST, a.id LIMIT $5)
