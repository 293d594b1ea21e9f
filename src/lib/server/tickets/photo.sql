SELECT photo FROM tickets WHERE id = $1
