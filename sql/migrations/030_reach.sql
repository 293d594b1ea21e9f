-- Walking reach per facility type (GB 50180-2018 life circles): the one rule that facility coverage
-- (analysis) and siting both use. A household is reached when the straight-line distance from its
-- building to the facility, times the detour factor, is within walk_m (no road network loaded).
CREATE TABLE facility_reach (
  type         text PRIMARY KEY,
  life_circle  text NOT NULL CHECK (life_circle IN ('5min', '10min', '15min')),
  walk_m       int NOT NULL CHECK (walk_m BETWEEN 50 AND 3000),
  detour       real NOT NULL DEFAULT 1.3 CHECK (detour BETWEEN 1 AND 3)
);
INSERT INTO facility_reach (type, life_circle, walk_m) VALUES
  ('red_station', '10min', 500),
  ('party_service_center', '15min', 1000),
  ('library', '10min', 500),
  ('fitness_center', '10min', 500),
  ('volunteer_station', '5min', 300),
  ('elderly_center', '5min', 300),
  ('youth_reading_room', '10min', 500),
  ('residents_council_room', '5min', 300),
  ('health_station', '5min', 300),
  ('kindergarten', '5min', 300);
