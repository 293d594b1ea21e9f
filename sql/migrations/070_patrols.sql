-- Patrols from the field: the raw positions behind each track, position batches accepted once
-- (keyed by the client's batch id, so a phone that retries after a lost connection writes nothing
-- twice), one open patrol per worker, and patrol coverage per grid cell for the analysis layer.

CREATE TABLE patrol_points (
  id           bigserial PRIMARY KEY,
  patrol_id    bigint NOT NULL REFERENCES patrols (id),
  at           timestamptz NOT NULL,
  geom         geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  accuracy_m   real CHECK (accuracy_m >= 0)
);
CREATE INDEX patrol_points_patrol_idx ON patrol_points (patrol_id, at);
CREATE INDEX patrol_points_geom_idx ON patrol_points USING gist (geom);

-- One row per accepted batch; a replay answers the stored response and inserts nothing.
CREATE TABLE patrol_batches (
  patrol_id    bigint NOT NULL REFERENCES patrols (id),
  batch_id     text NOT NULL CHECK (length(batch_id) BETWEEN 1 AND 100),
  received_at  timestamptz NOT NULL DEFAULT now(),
  accepted     int NOT NULL CHECK (accepted >= 0),
  dropped      int NOT NULL CHECK (dropped >= 0),
  response     jsonb NOT NULL,
  PRIMARY KEY (patrol_id, batch_id)
);

-- A second start resumes the open patrol instead of forking the worker's track.
CREATE UNIQUE INDEX patrols_open_worker_idx ON patrols (worker_id) WHERE ended_at IS NULL;
CREATE INDEX patrol_checkins_at_idx ON patrol_checkins (at);

-- Patrol coverage per grid cell: its buildings, and how many had a check-in since `since`. A
-- building belongs to the cell that holds a point on its surface (buildings carry no cell id, so
-- cells can be redrawn without touching them).
CREATE FUNCTION patrol_coverage(since timestamptz)
RETURNS TABLE (grid_cell_id int, buildings int, visited int, last_checkin_at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT c.id, count(b.id)::int, count(v.last_at)::int, max(v.last_at)
  FROM grid_cells c
  LEFT JOIN buildings b ON b.retired_at IS NULL AND b.geom && c.geom AND ST_Intersects(c.geom, ST_PointOnSurface(b.geom))
  LEFT JOIN LATERAL (
    SELECT max(k.at) AS last_at FROM patrol_checkins k WHERE k.building_id = b.id AND k.at >= since
  ) v ON true
  WHERE c.retired_at IS NULL
  GROUP BY c.id
$$;
