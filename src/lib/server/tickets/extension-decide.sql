-- Decides the pending 延期 request of ticket $1: $2 'approved' or 'refused', $3 user, $4 note,
-- $5 the new deadline (approved) or NULL. Answers the request's days and the deadline before.
UPDATE ticket_extensions SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4, due_after = $5
WHERE ticket_id = $1 AND status = 'pending'
RETURNING id, working_days AS "workingDays", due_before AS "dueBefore"
