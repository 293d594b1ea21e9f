-- Queues a closed ticket ($1) for a 回访 when its category's callback_share picks it: all at 1, none
-- at 0, in between a stable share by the ticket id's hash. Nothing when one waits already.
INSERT INTO ticket_callbacks (ticket_id)
SELECT t.id FROM tickets t JOIN sla_rules s ON s.category = t.category
WHERE t.id = $1 AND (hashtext(t.id::text) & 1023) < s.callback_share * 1024
ON CONFLICT DO NOTHING
