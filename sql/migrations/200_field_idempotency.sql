-- Field requests made offline and sent later (issue 14): every queued request carries an
-- Idempotency-Key and the time it was made (`at`). The first answer is kept per user and key, so a
-- request resent after a lost answer is answered from here and changes nothing twice; the time it
-- was made is stored beside the time it arrived.
CREATE TABLE idempotent_requests (
  user_id      int NOT NULL REFERENCES users (id),
  key          text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
  -- the route and resource the key was first used for: the same key on another request is refused
  target       text NOT NULL,
  made_at      timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  status       smallint NOT NULL,
  response     jsonb NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotent_requests_received_idx ON idempotent_requests (received_at);

-- a check-in made offline counts when it was made (`at`); when it reached the server is kept beside it
ALTER TABLE patrol_checkins ADD COLUMN received_at timestamptz;
UPDATE patrol_checkins SET received_at = at;
ALTER TABLE patrol_checkins ALTER COLUMN received_at SET NOT NULL, ALTER COLUMN received_at SET DEFAULT now();
