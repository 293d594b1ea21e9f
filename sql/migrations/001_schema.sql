-- RedGrid core schema. Storage is EPSG:4326; metric work uses geography or EPSG:4547.
-- Every geometry column has a GiST index and a CHECK that rejects invalid or empty shapes.
-- The big tables (tickets, ticket_events, buildings) carry district_id so that they could be
-- distributed by it (Citus) without a schema change.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Validates a unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters
-- from a 31-symbol alphabet with a weighted mod-31 check character at the end.
CREATE FUNCTION is_valid_credit_code(code text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
  weights constant int[] := ARRAY[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28];
  total int := 0;
  v int;
BEGIN
  IF code !~ '^[0-9A-HJ-NPQRTUWXY]{18}$' THEN RETURN false; END IF;
  FOR i IN 1..17 LOOP
    v := strpos(alphabet, substr(code, i, 1)) - 1;
    total := total + v * weights[i];
  END LOOP;
  v := (31 - total % 31) % 31;
  RETURN substr(alphabet, v + 1, 1) = substr(code, 18, 1);
END $$;

CREATE FUNCTION geom_ok(g geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ST_IsValid(g) AND NOT ST_IsEmpty(g) AND ST_SRID(g) = 4326 $$;

CREATE TABLE areas (
  id           serial PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level        text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community')),
  parent_id    int REFERENCES areas (id),
  -- ancestors from the city down, ending with this area's own id: a subtree is path @> ARRAY[id]
  path         int[] NOT NULL DEFAULT '{}',
  population   int CHECK (population >= 0),
  households   int CHECK (households >= 0),
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (geom_ok(geom)),
  retired_at   timestamptz,
  CHECK ((level = 'city') = (parent_id IS NULL))
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_path_idx ON areas USING gin (path);
CREATE INDEX areas_parent_idx ON areas (parent_id);

-- Keeps areas.path right and the level one below the parent's.
CREATE FUNCTION areas_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE parent areas%ROWTYPE;
BEGIN
  IF NEW.parent_id IS NULL THEN
    NEW.path := ARRAY[NEW.id];
  ELSE
    SELECT * INTO parent FROM areas WHERE id = NEW.parent_id;
    IF array_position(ARRAY['city','district','street','community'], NEW.level)
       <> array_position(ARRAY['city','district','street','community'], parent.level) + 1 THEN
      RAISE EXCEPTION 'area % (level %) cannot be a child of % (level %)', NEW.code, NEW.level, parent.code, parent.level
        USING ERRCODE = 'check_violation';
    END IF;
    NEW.path := parent.path || NEW.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER areas_path BEFORE INSERT OR UPDATE OF parent_id, level ON areas
  FOR EACH ROW EXECUTE FUNCTION areas_set_path();

CREATE TABLE property_companies (
  id           serial PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  credit_code  text NOT NULL UNIQUE CHECK (is_valid_credit_code(credit_code)),
  address      text,
  party_members int NOT NULL DEFAULT 0 CHECK (party_members >= 0),
  retired_at   timestamptz
);

-- People in roles: grid workers, stewards, community committee members, company heads,
-- party-building instructors. Personal data (name, phone) is shown only as the role table allows.
CREATE TABLE people (
  id           serial PRIMARY KEY,
  name         text NOT NULL,
  phone        text CHECK (phone ~ '^[0-9+\- ]{5,20}$'),
  kind         text NOT NULL CHECK (kind IN ('grid_worker', 'steward', 'committee_member', 'company_head', 'instructor')),
  area_id      int REFERENCES areas (id),
  company_id   int REFERENCES property_companies (id),
  retired_at   timestamptz
);
CREATE INDEX people_area_idx ON people (area_id);

CREATE TABLE grid_cells (
  id           serial PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  community_id int NOT NULL REFERENCES areas (id),
  district_id  int NOT NULL REFERENCES areas (id),
  worker_id    int REFERENCES people (id),
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (geom_ok(geom)),
  retired_at   timestamptz
);
CREATE INDEX grid_cells_geom_idx ON grid_cells USING gist (geom);
CREATE INDEX grid_cells_community_idx ON grid_cells (community_id);
CREATE INDEX grid_cells_worker_idx ON grid_cells (worker_id);

CREATE TABLE compounds (
  id           serial PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  address      text,
  community_id int NOT NULL REFERENCES areas (id),
  district_id  int NOT NULL REFERENCES areas (id),
  company_id   int REFERENCES property_companies (id),
  households   int NOT NULL DEFAULT 0 CHECK (households >= 0),
  population   int NOT NULL DEFAULT 0 CHECK (population >= 0),
  year_built   int CHECK (year_built BETWEEN 1900 AND 2100),
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (geom_ok(geom)),
  retired_at   timestamptz
);
CREATE INDEX compounds_geom_idx ON compounds USING gist (geom);
CREATE INDEX compounds_community_idx ON compounds (community_id);
CREATE INDEX compounds_company_idx ON compounds (company_id);

CREATE TABLE buildings (
  id           serial PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  compound_id  int NOT NULL REFERENCES compounds (id),
  district_id  int NOT NULL REFERENCES areas (id),
  number       text NOT NULL,
  floors       int NOT NULL CHECK (floors BETWEEN 1 AND 200),
  households   int NOT NULL DEFAULT 0 CHECK (households >= 0),
  steward_id   int REFERENCES people (id),
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (geom_ok(geom)),
  retired_at   timestamptz
);
CREATE INDEX buildings_geom_idx ON buildings USING gist (geom);
CREATE INDEX buildings_compound_idx ON buildings (compound_id);
CREATE INDEX buildings_steward_idx ON buildings (steward_id);

CREATE TABLE party_orgs (
  id           serial PRIMARY KEY,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('committee', 'general_branch', 'branch', 'joint_branch')),
  parent_id    int REFERENCES party_orgs (id),
  area_id      int REFERENCES areas (id),
  compound_id  int REFERENCES compounds (id),
  members      int NOT NULL DEFAULT 0 CHECK (members >= 0),
  founded_on   date,
  geom         geometry(Point, 4326) CHECK (geom IS NULL OR geom_ok(geom)),
  retired_at   timestamptz
);
CREATE INDEX party_orgs_geom_idx ON party_orgs USING gist (geom);

-- Which property companies a party organization covers (a joint branch covers several).
CREATE TABLE party_org_companies (
  org_id       int NOT NULL REFERENCES party_orgs (id),
  company_id   int NOT NULL REFERENCES property_companies (id),
  PRIMARY KEY (org_id, company_id)
);
CREATE INDEX party_org_companies_company_idx ON party_org_companies (company_id);

-- Party-building instructors (党建指导员) sent to companies without a branch.
CREATE TABLE party_instructors (
  id           serial PRIMARY KEY,
  person_id    int NOT NULL REFERENCES people (id),
  company_id   int NOT NULL REFERENCES property_companies (id),
  start_on     date NOT NULL,
  end_on       date,
  CHECK (end_on IS NULL OR end_on >= start_on)
);

-- A company's party status, derived, never stored: own branch, joint branch, instructor only, none.
CREATE VIEW company_party_status AS
SELECT c.id AS company_id,
  CASE
    WHEN EXISTS (SELECT 1 FROM party_org_companies pc JOIN party_orgs o ON o.id = pc.org_id
                 WHERE pc.company_id = c.id AND o.kind <> 'joint_branch' AND o.retired_at IS NULL) THEN 'own'
    WHEN EXISTS (SELECT 1 FROM party_org_companies pc JOIN party_orgs o ON o.id = pc.org_id
                 WHERE pc.company_id = c.id AND o.kind = 'joint_branch' AND o.retired_at IS NULL) THEN 'joint'
    WHEN EXISTS (SELECT 1 FROM party_instructors i WHERE i.company_id = c.id
                 AND (i.end_on IS NULL OR i.end_on >= current_date)) THEN 'instructor'
    ELSE 'none'
  END AS party_status
FROM property_companies c;

-- 交叉任职: a community committee member as property supervisor, or a company head on the
-- community party committee.
CREATE TABLE cross_appointments (
  id           serial PRIMARY KEY,
  person_id    int NOT NULL REFERENCES people (id),
  direction    text NOT NULL CHECK (direction IN ('committee_to_company', 'company_to_committee')),
  community_id int NOT NULL REFERENCES areas (id),
  company_id   int NOT NULL REFERENCES property_companies (id),
  title        text NOT NULL,
  start_on     date NOT NULL,
  end_on       date,
  CHECK (end_on IS NULL OR end_on >= start_on)
);

CREATE TABLE facilities (
  id           serial PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  type         text NOT NULL CHECK (type IN ('red_station', 'party_service_center', 'library', 'fitness_center',
                 'volunteer_station', 'elderly_center', 'youth_reading_room', 'residents_council_room',
                 'health_station', 'kindergarten')),
  name         text NOT NULL,
  capacity     int CHECK (capacity >= 0),
  floor_area   numeric(10, 1) CHECK (floor_area > 0),
  opened_on    date,
  area_id      int REFERENCES areas (id),
  compound_id  int REFERENCES compounds (id),
  geom         geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  retired_at   timestamptz
);
CREATE INDEX facilities_geom_idx ON facilities USING gist (geom);

CREATE TABLE users (
  id           serial PRIMARY KEY,
  username     text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role         text NOT NULL CHECK (role IN ('admin', 'official', 'grid_worker', 'steward', 'planner')),
  -- scope: an official sees the subtree of area_id; grid workers and stewards act as person_id
  area_id      int REFERENCES areas (id),
  person_id    int REFERENCES people (id),
  must_change_password boolean NOT NULL DEFAULT false,
  disabled_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'official' OR area_id IS NOT NULL),
  CHECK (role NOT IN ('grid_worker', 'steward') OR person_id IS NOT NULL)
);

-- Sessions live in the database so that any app instance can serve any request.
-- id is the SHA-256 of the cookie token: a leaked table does not leak live cookies.
CREATE TABLE sessions (
  id           text PRIMARY KEY,
  user_id      int NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_keys (
  id           serial PRIMARY KEY,
  user_id      int NOT NULL REFERENCES users (id),
  key_hash     text NOT NULL UNIQUE,
  label        text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);

-- Failed logins, for rate limiting across instances.
CREATE TABLE login_failures (
  id           bigserial PRIMARY KEY,
  username     text NOT NULL,
  client       text NOT NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_idx ON login_failures (username, at);
CREATE INDEX login_failures_client_idx ON login_failures (client, at);

CREATE TABLE tickets (
  id           bigserial PRIMARY KEY,
  district_id  int NOT NULL REFERENCES areas (id),
  code         text NOT NULL UNIQUE,
  category     text NOT NULL CHECK (category IN ('water', 'electricity', 'elevator', 'sanitation', 'noise',
                 'dispute', 'parking', 'greenery', 'safety', 'property_service', 'facility_repair', 'other')),
  urgency      text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('urgent', 'normal', 'complaint')),
  status       text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'assigned', 'accepted', 'in_progress',
                 'resolved', 'closed', 'rejected')),
  description  text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  reporter_name  text,
  reporter_phone text,
  source       text NOT NULL DEFAULT 'ui' CHECK (source IN ('ui', 'api', 'open311', 'hotline', 'simulator', 'import')),
  geom         geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  community_id int REFERENCES areas (id),
  grid_cell_id int REFERENCES grid_cells (id),
  compound_id  int REFERENCES compounds (id),
  building_id  int REFERENCES buildings (id),
  company_id   int REFERENCES property_companies (id),
  assignee_id  int REFERENCES people (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  accept_due_at timestamptz NOT NULL,
  due_at       timestamptz NOT NULL,
  resolved_at  timestamptz,
  closed_at    timestamptz,
  satisfaction int CHECK (satisfaction BETWEEN 1 AND 5),
  CHECK (due_at >= created_at AND accept_due_at >= created_at),
  CHECK (resolved_at IS NULL OR resolved_at >= created_at),
  CHECK (closed_at IS NULL OR closed_at >= created_at)
);
CREATE INDEX tickets_geom_idx ON tickets USING gist (geom);
CREATE INDEX tickets_open_geom_idx ON tickets USING gist (geom) WHERE status NOT IN ('resolved', 'closed', 'rejected');
CREATE INDEX tickets_district_created_idx ON tickets (district_id, created_at);
CREATE INDEX tickets_grid_cell_idx ON tickets (grid_cell_id);
CREATE INDEX tickets_building_idx ON tickets (building_id);
CREATE INDEX tickets_compound_idx ON tickets (compound_id);
CREATE INDEX tickets_community_idx ON tickets (community_id);

-- The ticket history: append-only, one row per change, the source of live events.
CREATE TABLE ticket_events (
  id           bigserial PRIMARY KEY,
  ticket_id    bigint NOT NULL REFERENCES tickets (id),
  district_id  int NOT NULL REFERENCES areas (id),
  at           timestamptz NOT NULL DEFAULT now(),
  kind         text NOT NULL CHECK (kind IN ('created', 'assigned', 'accepted', 'started', 'note', 'resolved',
                 'closed', 'reopened', 'rejected', 'escalated')),
  from_status  text,
  to_status    text,
  actor_user_id int REFERENCES users (id),
  note         text
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

CREATE TABLE patrols (
  id           bigserial PRIMARY KEY,
  worker_id    int NOT NULL REFERENCES people (id),
  district_id  int NOT NULL REFERENCES areas (id),
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  track        geometry(LineString, 4326) CHECK (track IS NULL OR geom_ok(track)),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX patrols_worker_idx ON patrols (worker_id, started_at);
CREATE INDEX patrols_track_idx ON patrols USING gist (track);

CREATE TABLE patrol_checkins (
  id           bigserial PRIMARY KEY,
  patrol_id    bigint NOT NULL REFERENCES patrols (id),
  building_id  int NOT NULL REFERENCES buildings (id),
  at           timestamptz NOT NULL,
  geom         geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  distance_m   real NOT NULL CHECK (distance_m >= 0)
);
CREATE INDEX patrol_checkins_building_idx ON patrol_checkins (building_id, at);
CREATE INDEX patrol_checkins_patrol_idx ON patrol_checkins (patrol_id);

-- Monthly property-fee collection per compound (物业费收缴率 = collected / due).
CREATE TABLE fee_collections (
  compound_id  int NOT NULL REFERENCES compounds (id),
  month        date NOT NULL CHECK (extract(day FROM month) = 1),
  due_amount   numeric(14, 2) NOT NULL CHECK (due_amount >= 0),
  collected_amount numeric(14, 2) NOT NULL CHECK (collected_amount >= 0),
  PRIMARY KEY (compound_id, month)
);
