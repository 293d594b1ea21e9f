-- The working-day exceptions (holidays, 调休 make-up days), Beijing dates.
SELECT to_char(day, 'YYYY-MM-DD') AS day, is_working AS "isWorking", note FROM working_calendar ORDER BY day
