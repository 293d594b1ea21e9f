-- One workflow event: who acted ($7 user), for whom ($9 person, when a manager did the assignee's
-- work), who holds the ticket after it ($9 person) and a photo taken in the field ($10, migration 271).
INSERT INTO ticket_events (ticket_id, district_id, kind, from_status, to_status, actor_user_id, note, on_behalf_of,
  assignee_id, photo)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id
