-- Import and export: every layer re-imports by a code, so party organizations get one (existing and
-- seeded rows get 'PO' + id), and each import that wrote something is recorded (who, what, how many).

ALTER TABLE party_orgs ADD COLUMN code text;
UPDATE party_orgs SET code = 'PO' || lpad(id::text, 6, '0');
ALTER TABLE party_orgs ALTER COLUMN code SET NOT NULL;
ALTER TABLE party_orgs ADD CONSTRAINT party_orgs_code_key UNIQUE (code);

-- A row inserted without a code (the demo loader, older clients) gets 'PO' + its id.
CREATE FUNCTION party_orgs_default_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.code := coalesce(NEW.code, 'PO' || lpad(NEW.id::text, 6, '0'));
  RETURN NEW;
END $$;
CREATE TRIGGER party_orgs_code BEFORE INSERT ON party_orgs FOR EACH ROW EXECUTE FUNCTION party_orgs_default_code();

CREATE TABLE import_runs (
  id           bigserial PRIMARY KEY,
  user_id      int REFERENCES users (id),
  layer        text NOT NULL,
  file_name    text NOT NULL,
  crs          text NOT NULL,
  inserted     int NOT NULL CHECK (inserted >= 0),
  updated      int NOT NULL CHECK (updated >= 0),
  skipped      int NOT NULL CHECK (skipped >= 0),
  repaired     int NOT NULL CHECK (repaired >= 0),
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_runs_at_idx ON import_runs (at);
