-- One audit row per ticket whose resident's data a user was given: $1 the user, $2 the route,
-- $3 a JSON array of {id, fields} (fields: reporter_name, reporter_phone, photo).
INSERT INTO audit_log (actor_user_id, action, entity, entity_id, after, note)
SELECT $1::int, 'personal_read', 'ticket', r.id, jsonb_build_object('fields', r.fields), $2::text
FROM jsonb_to_recordset($3::jsonb) AS r (id int, fields jsonb)
