-- Stored answers that depend on slowly changing data (facility coverage, stewards and cells, party
-- coverage, governance figures)
-- carry the state of that data when counted: the layer versions they read (and the walk network's
-- file node). While the state is unchanged the stored answer is exact, whatever its age, so nobody
-- waits for a recount after a quiet hour (src/lib/server/analysis/snapshot.ts). The reach rules get
-- a version of their own, as a changed rule moves every building's reach.
ALTER TABLE figure_snapshots ADD COLUMN state text;

INSERT INTO layer_versions (layer) VALUES ('facility-reach') ON CONFLICT DO NOTHING;
CREATE TRIGGER facility_reach_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_reach
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('facility-reach');

-- The stewards' tab counts a building as stewarded only while its steward is not retired.
INSERT INTO layer_versions (layer) VALUES ('people') ON CONFLICT DO NOTHING;
CREATE TRIGGER people_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('people');

-- The governance figures read owners' committees, their members, joint meetings and decisions.
INSERT INTO layer_versions (layer) VALUES ('governance') ON CONFLICT DO NOTHING;
CREATE TRIGGER owner_committees_governance_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON owner_committees
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('governance');
CREATE TRIGGER committee_members_governance_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON committee_members
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('governance');
CREATE TRIGGER joint_meetings_governance_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON joint_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('governance');
CREATE TRIGGER meeting_decisions_governance_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('governance');
