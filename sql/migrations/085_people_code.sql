-- People re-import by a code like every other layer (issue 8): existing and seeded rows get 'P' + id.

ALTER TABLE people ADD COLUMN code text;
UPDATE people SET code = 'P' || lpad(id::text, 6, '0');
ALTER TABLE people ALTER COLUMN code SET NOT NULL;
ALTER TABLE people ADD CONSTRAINT people_code_key UNIQUE (code);

-- A row inserted without a code (the demo loader, the editing service) gets 'P' + its id.
CREATE FUNCTION people_default_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.code := coalesce(NEW.code, 'P' || lpad(NEW.id::text, 6, '0'));
  RETURN NEW;
END $$;
CREATE TRIGGER people_code BEFORE INSERT ON people FOR EACH ROW EXECUTE FUNCTION people_default_code();
