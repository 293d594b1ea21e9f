UPDATE idempotency_keys SET status = 201, response = $3 WHERE user_id = $1 AND key = $2
