-- Sessions end after REDGRID_SESSION_IDLE_HOURS without a request (default 2 h), besides their
-- 14-day maximum: the app moves last_seen_at forward at most once a minute per session.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();

-- Moving last_seen_at is not an authentication change: announce only the changes that are (a
-- session ended or was cut short), so that every instance keeps its cache of signed-in users.
DROP TRIGGER sessions_auth_changed ON sessions;
CREATE TRIGGER sessions_auth_changed AFTER DELETE OR UPDATE OF id, user_id, expires_at ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_notify();
