-- The compounds' tiles carry the term end of each compound's owners' committee (the map's owners'
-- committee style, src/lib/map/style.ts): a change of a committee is a new data version of the
-- compounds layer, as a change of a compound is.
CREATE TRIGGER owner_committees_layer_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON owner_committees
  FOR EACH STATEMENT EXECUTE FUNCTION bump_layer_versions('compounds');
