-- Three parties at one table (三方联动): owners' committees (业主委员会) and their members, joint
-- meetings (联席会议) of the community, the owners' committee, the property company (and departments),
-- the decisions they take (each with an owner and a due date, possibly followed as a ticket), and
-- residents' consultations (居民议事, the "1+N" platform). Rows are edited through the editing service
-- (version for optimistic concurrency, retired_at instead of deletion, audit rows).

-- One live committee per compound; a compound without a live row has no committee.
CREATE TABLE owner_committees (
  id            serial PRIMARY KEY,
  compound_id   int NOT NULL REFERENCES compounds (id),
  -- 备案: filed with the street office (a committee may exist without being filed)
  registered    boolean NOT NULL DEFAULT false,
  elected_on    date,
  term_start    date NOT NULL,
  term_end      date NOT NULL,
  -- 业委会党的工作小组
  party_group   boolean NOT NULL DEFAULT false,
  note          text CHECK (length(note) <= 2000),
  version       int NOT NULL DEFAULT 1,
  retired_at    timestamptz,
  CONSTRAINT owner_committees_term_check CHECK (term_end > term_start)
);
CREATE UNIQUE INDEX owner_committees_compound_live_idx ON owner_committees (compound_id) WHERE retired_at IS NULL;

-- Members: personal data (name, phone), shown only as the role allows.
CREATE TABLE committee_members (
  id            serial PRIMARY KEY,
  code          text UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  committee_id  int NOT NULL REFERENCES owner_committees (id),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  phone         text CHECK (phone ~ '^[0-9+\- ]{5,20}$'),
  position      text NOT NULL CHECK (position IN ('chair', 'vice_chair', 'member')),
  party_member  boolean NOT NULL DEFAULT false,
  version       int NOT NULL DEFAULT 1,
  retired_at    timestamptz
);
CREATE INDEX committee_members_committee_idx ON committee_members (committee_id);
-- a person holds one position in a committee; a committee has one chair (主任)
CREATE UNIQUE INDEX committee_members_person_idx ON committee_members (committee_id, name, coalesce(phone, ''))
  WHERE retired_at IS NULL;
CREATE UNIQUE INDEX committee_members_chair_idx ON committee_members (committee_id)
  WHERE retired_at IS NULL AND position = 'chair';

CREATE TABLE joint_meetings (
  id            serial PRIMARY KEY,
  code          text UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
  community_id  int NOT NULL REFERENCES areas (id),
  compound_id   int REFERENCES compounds (id),
  held_on       date NOT NULL,
  status        text NOT NULL DEFAULT 'held' CHECK (status IN ('planned', 'held', 'cancelled')),
  facility_id   int REFERENCES facilities (id),
  place         text CHECK (length(place) <= 200),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  topics        text CHECK (length(topics) <= 2000),
  -- attendance of each party (people present)
  community_attendees  int NOT NULL DEFAULT 0 CHECK (community_attendees >= 0),
  committee_attendees  int NOT NULL DEFAULT 0 CHECK (committee_attendees >= 0),
  company_attendees    int NOT NULL DEFAULT 0 CHECK (company_attendees >= 0),
  department_attendees int NOT NULL DEFAULT 0 CHECK (department_attendees >= 0),
  departments   text CHECK (length(departments) <= 500),
  version       int NOT NULL DEFAULT 1,
  retired_at    timestamptz
);
CREATE INDEX joint_meetings_community_idx ON joint_meetings (community_id, held_on);
CREATE INDEX joint_meetings_compound_idx ON joint_meetings (compound_id, held_on);

CREATE TABLE consultations (
  id            serial PRIMARY KEY,
  community_id  int NOT NULL REFERENCES areas (id),
  compound_id   int REFERENCES compounds (id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind          text NOT NULL CHECK (kind IN ('parking_plan', 'maintenance_fund', 'neighbour_dispute', 'renovation',
                  'service_quality', 'other_matter')),
  raised_by     text NOT NULL CHECK (raised_by IN ('residents', 'community_party', 'owners_committee', 'property_company')),
  raised_on     date NOT NULL,
  outcome       text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'agreed', 'rejected', 'referred')),
  decided_on    date,
  votes_for     int CHECK (votes_for >= 0),
  votes_against int CHECK (votes_against >= 0),
  votes_abstain int CHECK (votes_abstain >= 0),
  -- the ticket that raised it
  ticket_id     bigint REFERENCES tickets (id),
  version       int NOT NULL DEFAULT 1,
  retired_at    timestamptz,
  CHECK (decided_on IS NULL OR decided_on >= raised_on)
);
CREATE INDEX consultations_community_idx ON consultations (community_id);
CREATE INDEX consultations_compound_idx ON consultations (compound_id);

-- The meetings that discussed a consultation.
CREATE TABLE consultation_meetings (
  consultation_id int NOT NULL REFERENCES consultations (id),
  meeting_id      int NOT NULL REFERENCES joint_meetings (id),
  PRIMARY KEY (consultation_id, meeting_id)
);
CREATE INDEX consultation_meetings_meeting_idx ON consultation_meetings (meeting_id);

CREATE TABLE meeting_decisions (
  id            serial PRIMARY KEY,
  meeting_id    int NOT NULL REFERENCES joint_meetings (id),
  content       text NOT NULL CHECK (length(content) BETWEEN 1 AND 2000),
  -- who carries it out (a unit or a person) and for which party
  owner         text NOT NULL CHECK (length(btrim(owner)) BETWEEN 1 AND 200),
  owner_party   text CHECK (owner_party IN ('community_party', 'owners_committee', 'property_company', 'department')),
  due_on        date NOT NULL,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
  done_on       date,
  -- the consultation it settles
  consultation_id int REFERENCES consultations (id),
  -- followed as this ticket (the ticket's history names the decision in its first note)
  ticket_id     bigint UNIQUE REFERENCES tickets (id),
  version       int NOT NULL DEFAULT 1,
  retired_at    timestamptz,
  CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX meeting_decisions_meeting_idx ON meeting_decisions (meeting_id);
CREATE INDEX meeting_decisions_due_idx ON meeting_decisions (due_on);

-- A decision followed as a ticket follows its state: the ticket closed → the decision is done (on the
-- Beijing day the ticket closed); reopened or still open → in progress; rejected → open again (the
-- meeting must decide anew). The change bumps the decision's version (an edit opened before it
-- conflicts) and is written to the audit log in the same transaction, with no actor.
CREATE FUNCTION decisions_follow_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d meeting_decisions%ROWTYPE;
  want text;
  want_done date;
BEGIN
  FOR d IN SELECT * FROM meeting_decisions WHERE ticket_id = NEW.id AND retired_at IS NULL FOR UPDATE LOOP
    IF NEW.status = 'closed' THEN
      want := 'done';
      want_done := (coalesce(NEW.closed_at, now()) AT TIME ZONE 'Asia/Shanghai')::date;
    ELSIF NEW.status = 'rejected' THEN
      want := 'open'; want_done := NULL;
    ELSE
      want := 'in_progress'; want_done := NULL;
    END IF;
    IF d.status IS DISTINCT FROM want OR d.done_on IS DISTINCT FROM want_done THEN
      UPDATE meeting_decisions SET status = want, done_on = want_done, version = version + 1 WHERE id = d.id;
      INSERT INTO audit_log (actor_user_id, action, entity, entity_id, before, after, note)
      VALUES (NULL, 'update', 'decisions', d.id,
        jsonb_build_object('status', d.status, 'doneOn', d.done_on::text, 'version', d.version),
        jsonb_build_object('status', want, 'doneOn', want_done::text, 'version', d.version + 1),
        'followed ticket ' || NEW.code || ' (' || NEW.status || ')');
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER tickets_decisions_follow AFTER UPDATE OF status ON tickets
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION decisions_follow_ticket();
