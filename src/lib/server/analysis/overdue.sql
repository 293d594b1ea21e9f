-- The most overdue open tickets of area $1 (longest past due first), $2 at most: code, category,
-- compound, company, hours past due. The scope condition (alias t) follows.
SELECT t.id, t.code, t.category, c.name AS compound, pc.name AS company,
  round((extract(epoch FROM now() - t.due_at) / 3600)::numeric, 1)::float8 AS "hoursOverdue"
FROM tickets t
LEFT JOIN compounds c ON c.id = t.compound_id
LEFT JOIN property_companies pc ON pc.id = t.company_id
WHERE ticket_is_overdue(t.status, t.due_at, t.suspended_at)
  AND t.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])
  AND /*scope*/
ORDER BY t.due_at, t.id
LIMIT $2
