-- Every geometry column gets a GiST index (check-ins were missing theirs).
CREATE INDEX patrol_checkins_geom_idx ON patrol_checkins USING gist (geom);
