-- Photos taken in the field (issue 14): a worker adds a photo to a ticket as a note event that
-- carries it (POST /api/tickets/{id}/photos, queued offline like every field request). The column
-- holds the stored name under the media folder, as tickets.photo does.
ALTER TABLE ticket_events ADD COLUMN photo text CHECK (photo ~ '^tickets/[0-9a-f-]{36}\.(jpg|png|webp)$');
