-- Locating a report by the name of its compound (README "Tickets: locating a report"): pg_trgm
-- over the name with a space after every character, so that each character is a word and
-- similarity counts shared characters in order — Chinese names are 3–6 characters, too short for
-- plain trigrams to forgive a typo (万象苑 / 万像苑 share one trigram of seven).
CREATE FUNCTION name_chars(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN regexp_replace(name, '(.)', '\1 ', 'g');
CREATE INDEX compounds_name_chars_trgm_idx ON compounds USING gin (name_chars(name) gin_trgm_ops) WHERE retired_at IS NULL;
