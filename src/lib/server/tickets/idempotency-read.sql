SELECT response, fingerprint FROM idempotency_keys WHERE user_id = $1 AND key = $2
