-- Moves the running deadlines of ticket $1 (an approved 延期, a 恢复 after 挂起): $2 the new resolve
-- deadline (due_at), $3 the new sign-for deadline (accept_due_at) or NULL to keep it (the sign-for
-- stage ended: the ticket was signed for once already). The new deadline gets its own warning.
UPDATE tickets SET due_at = $2, accept_due_at = coalesce($3, accept_due_at), warned_at = NULL
WHERE id = $1
RETURNING accept_due_at AS "acceptDueAt", due_at AS "dueAt"
