-- Tickets as work orders: the place each ticket carries, one code format, who acted on whose
-- behalf, idempotency keys bound to their request, and the one SQL spelling of "open".

-- The open statuses, spelled once for SQL (src/lib/tickets/workflow.ts spells them for TypeScript;
-- tests/integration/tickets-workorder.test.ts checks that the two agree).
CREATE FUNCTION ticket_is_open(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN status IN ('new', 'assigned', 'accepted', 'in_progress');

-- One code format: GD + the Beijing date of filing + the id on 7 digits (the seeded tickets' format).
CREATE FUNCTION ticket_code(id bigint, created_at timestamptz) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN 'GD' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad(id::text, 7, '0');

-- The address of a ticket: district street community compound building, then what the reporter
-- typed about the unit or room (kept as typed). Names as they are when the ticket is filed.
ALTER TABLE tickets ADD COLUMN address text;
ALTER TABLE tickets ADD COLUMN address_detail text CHECK (length(address_detail) BETWEEN 1 AND 100);

CREATE FUNCTION ticket_address(district int, street int, community int, compound int, building int, detail text)
  RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
  RETURN nullif(concat_ws(' ',
    (SELECT name FROM areas WHERE id = district),
    (SELECT name FROM areas WHERE id = street),
    (SELECT name FROM areas WHERE id = community),
    (SELECT name FROM compounds WHERE id = compound) || coalesce((SELECT number FROM buildings WHERE id = building), ''),
    detail), '');

-- Every way a ticket is written (intake, simulator, seed, import) gets its address in its own
-- transaction; an address given explicitly is kept.
CREATE FUNCTION tickets_fill_address() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.address IS NULL THEN
    NEW.street_id := coalesce(NEW.street_id, (SELECT s.id FROM areas c JOIN areas s ON s.id = c.parent_id
                                               WHERE c.id = NEW.community_id));
    NEW.address := ticket_address(NEW.district_id, NEW.street_id, NEW.community_id, NEW.compound_id,
                                  NEW.building_id, NEW.address_detail);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER tickets_fill_address BEFORE INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION tickets_fill_address();

UPDATE tickets t SET address = ticket_address(t.district_id,
    coalesce(t.street_id, (SELECT s.id FROM areas c JOIN areas s ON s.id = c.parent_id WHERE c.id = t.community_id)),
    t.community_id, t.compound_id, t.building_id, NULL)
  WHERE t.address IS NULL;

-- Who acted, and for whom: an admin or official doing a step of the assignee's work records the
-- assignee here; the assignee after each event tells who held the ticket at each stage.
ALTER TABLE ticket_events ADD COLUMN on_behalf_of int REFERENCES people (id);
ALTER TABLE ticket_events ADD COLUMN assignee_id int REFERENCES people (id);

-- An Idempotency-Key is bound to its request (method, path, parsed fields, photo SHA-256).
ALTER TABLE idempotency_keys ADD COLUMN fingerprint text;
