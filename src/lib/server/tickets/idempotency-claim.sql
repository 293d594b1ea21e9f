-- Claims ($1 user, $2 key) for the request whose fingerprint is $3. A concurrent claim of the same
-- key waits here for the first transaction; no row back means the key was taken before.
INSERT INTO idempotency_keys (user_id, key, status, response, fingerprint) VALUES ($1, $2, 0, '{}', $3)
ON CONFLICT DO NOTHING RETURNING 1
