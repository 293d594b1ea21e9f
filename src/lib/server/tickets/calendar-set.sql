-- $1 day, $2 is_working (NULL removes the exception), $3 note.
WITH gone AS (DELETE FROM working_calendar WHERE day = $1::date AND $2::boolean IS NULL)
INSERT INTO working_calendar (day, is_working, note)
SELECT $1::date, $2::boolean, $3::text WHERE $2::boolean IS NOT NULL
ON CONFLICT (day) DO UPDATE SET is_working = EXCLUDED.is_working, note = EXCLUDED.note
