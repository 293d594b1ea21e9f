-- The photo of one event of a ticket ($1 ticket, $2 event), or no row.
SELECT photo FROM ticket_events WHERE ticket_id = $1 AND id = $2 AND photo IS NOT NULL
