-- Map support: a data version per tile layer (bumped by statement triggers, announced with NOTIFY)
-- so that tile URLs can carry the version and be cached as immutable, and trigram indexes for
-- typo-tolerant search by name.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row per tile layer id (the project's one naming of its layers, see src/lib/map/layer-ids.ts).
CREATE TABLE layer_versions (
  layer        text PRIMARY KEY,
  version      bigint NOT NULL DEFAULT 1,
  changed_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO layer_versions (layer) VALUES
  ('areas'), ('grid-cells'), ('compounds'), ('buildings'), ('facilities'), ('party-orgs'), ('companies'), ('tickets');

-- Bumps the layers named in the trigger's arguments, once per statement, in a fixed order (so two
-- transactions touching several layers lock the rows in the same order), and announces each new
-- version on the channel layer_versions as '<layer> <version>' (delivered at commit).
CREATE FUNCTION bump_layer_versions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  PERFORM 1 FROM layer_versions WHERE layer = ANY (TG_ARGV) ORDER BY layer FOR UPDATE;
  FOR r IN
    UPDATE layer_versions SET version = version + 1, changed_at = now()
    WHERE layer = ANY (TG_ARGV)
    RETURNING layer, version
  LOOP
    PERFORM pg_notify('layer_versions', r.layer || ' ' || r.version);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER areas_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('areas', 'party-orgs');
CREATE TRIGGER grid_cells_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grid_cells
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('grid-cells');
CREATE TRIGGER compounds_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON compounds
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('compounds', 'companies', 'party-orgs');
CREATE TRIGGER buildings_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON buildings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('buildings');
CREATE TRIGGER facilities_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('facilities');
CREATE TRIGGER party_orgs_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_orgs
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('party-orgs', 'companies');
CREATE TRIGGER party_org_companies_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_org_companies
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('companies');
CREATE TRIGGER party_instructors_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON party_instructors
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('companies');
CREATE TRIGGER property_companies_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON property_companies
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('companies');
CREATE TRIGGER tickets_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tickets
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('tickets');

-- Typo-tolerant search by name (pg_trgm: similarity and ILIKE both use these).
CREATE INDEX areas_name_trgm_idx ON areas USING gin (name gin_trgm_ops);
CREATE INDEX compounds_name_trgm_idx ON compounds USING gin (name gin_trgm_ops);
CREATE INDEX property_companies_name_trgm_idx ON property_companies USING gin (name gin_trgm_ops);
CREATE INDEX facilities_name_trgm_idx ON facilities USING gin (name gin_trgm_ops);
CREATE INDEX party_orgs_name_trgm_idx ON party_orgs USING gin (name gin_trgm_ops);

-- Tile and panel lookups that the core schema does not index.
CREATE INDEX party_orgs_compound_idx ON party_orgs (compound_id);
CREATE INDEX party_orgs_area_idx ON party_orgs (area_id);
CREATE INDEX party_orgs_parent_idx ON party_orgs (parent_id);
CREATE INDEX facilities_compound_idx ON facilities (compound_id);
