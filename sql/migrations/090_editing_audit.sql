-- Editing in the app: a version counter per edited row (optimistic concurrency), retirement for
-- the dated link tables, and one append-only audit log written in the same transaction as each
-- change (by the edit and account services; logins by a trigger on sessions).

ALTER TABLE property_companies ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE party_orgs ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE facilities ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE compounds ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE buildings ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE grid_cells ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE cross_appointments ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE cross_appointments ADD COLUMN retired_at timestamptz;
ALTER TABLE party_instructors ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE party_instructors ADD COLUMN retired_at timestamptz;
ALTER TABLE users ADD COLUMN version int NOT NULL DEFAULT 1;
ALTER TABLE api_keys ADD COLUMN revoked_by int REFERENCES users (id);

CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  actor_user_id int REFERENCES users (id),
  -- create, update, retire, restore, split, merge, login, password_reset, password_change,
  -- disable, enable, key_issue, key_revoke
  action        text NOT NULL CHECK (action ~ '^[a-z_]{2,30}$'),
  entity        text NOT NULL,
  entity_id     int,
  before        jsonb,
  after         jsonb,
  note          text
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, at);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- A new session is a login: logged here so that the auth code needs no change.
CREATE FUNCTION audit_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_log (actor_user_id, action, entity, entity_id) VALUES (NEW.user_id, 'login', 'users', NEW.user_id);
  RETURN NEW;
END $$;
CREATE TRIGGER sessions_audit_login AFTER INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION audit_login();
