-- The audit log, newest first, keyset-paged: $1 entity, $2 entity id, $3 actor's username,
-- $4 action, $5 from (date, Beijing), $6 to (date, inclusive), $7 before (an id), $8 limit;
-- a NULL filter matches every row.
SELECT l.id, l.at, l.actor_user_id AS "actorUserId", u.username AS actor, l.action, l.entity,
       l.entity_id AS "entityId", l.before, l.after, l.note
FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id
WHERE ($1::text IS NULL OR l.entity = $1) AND ($2::int IS NULL OR l.entity_id = $2)
  AND ($3::text IS NULL OR u.username = $3) AND ($4::text IS NULL OR l.action = $4)
  AND ($5::date IS NULL OR l.at >= $5::date) AND ($6::date IS NULL OR l.at < $6::date + 1)
  AND ($7::bigint IS NULL OR l.id < $7)
ORDER BY l.id DESC LIMIT $8
