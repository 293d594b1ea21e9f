-- Locating a report whose compound name has a typo, by the symmetric-delete method (Wolf Garbe's
-- SymSpell, 2012): two strings within one edit (a character changed, added or left out) share a
-- string made by deleting at most one character from each. A compound's name keeps itself and, when
-- it has 4 characters or more, its one-character deletions (those of a 3-character name are two
-- characters such as 花园, which thousands of names would share: a typo in so short a name is left
-- to migration 142's probe). The lookup probes them with the same set made from the typed text, an
-- equality probe per string that the GIN index serves, instead of migration 142's per-character
-- trigrams, which in a city of 60,000 compounds match thousands of names that share common
-- characters such as 花 and 苑.
CREATE FUNCTION name_deletions(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(
    SELECT name
    UNION
    SELECT overlay(name PLACING '' FROM i FOR 1)
    FROM generate_series(1, char_length(name)) AS i
    WHERE char_length(name) >= 4
  );
CREATE INDEX compounds_name_deletions_idx ON compounds USING gin (name_deletions(name)) WHERE retired_at IS NULL;
