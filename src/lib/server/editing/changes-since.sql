-- The audit rows of one record written after the version an editor started from ($3): what
-- changed in between, for the 409 answer.
SELECT l.at, u.username AS actor, l.action, (l.after ->> 'version')::int AS version, l.before, l.after
FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id
WHERE l.entity = $1 AND l.entity_id = $2 AND (l.after ->> 'version')::int > $3
ORDER BY l.id
