-- A user's notifications ($1), newest first, $2 at most, before id $3 (NULL: the newest), with the
-- ticket's code; and the count of unread ones.
SELECT n.id, n.kind, n.ticket_id AS "ticketId", t.code, n.payload, n.created_at AS "createdAt", n.read_at AS "readAt",
  (SELECT count(*)::int FROM notifications u WHERE u.user_id = $1 AND u.read_at IS NULL) AS unread
FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id
WHERE n.user_id = $1 AND ($3::bigint IS NULL OR n.id < $3)
ORDER BY n.id DESC
LIMIT $2
