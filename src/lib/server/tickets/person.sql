SELECT id, name, kind, retired_at IS NOT NULL AS retired FROM people WHERE id = $1
