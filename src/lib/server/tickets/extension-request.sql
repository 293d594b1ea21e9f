-- A 延期 request: $1 ticket, $2 working days, $3 reason, $4 user, $5 the deadline now. One pending
-- request per ticket (a unique partial index); the deadline moves only when it is approved.
INSERT INTO ticket_extensions (ticket_id, working_days, reason, requested_by, due_before)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
