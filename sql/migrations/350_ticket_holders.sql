-- The 12345 workflow, part 1: organisations that hold tickets (README "Tickets: organisations that
-- hold tickets"). Property companies and departments (住建, 城管, 供电, 供水 …) hold tickets beside
-- grid workers and stewards; three roles sign in for them: `company` (a property company's staff),
-- `department` (a department's staff) and `dispatcher` (a 12345 operator inside an area, who works
-- tickets but edits no data). The category and whether the point lies in a compound propose the
-- holder (routing_rules, edited by admins).

-- Departments that hold tickets: one kind each; area NULL = the whole city, else that area's subtree.
CREATE TABLE departments (
  id           serial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('housing', 'urban_management', 'power', 'water', 'gas', 'other')),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  area_id      int REFERENCES areas (id),
  retired_at   timestamptz
);
CREATE INDEX departments_kind_idx ON departments (kind) WHERE retired_at IS NULL;

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'official', 'grid_worker', 'steward',
  'planner', 'dispatcher', 'company', 'department'));
ALTER TABLE users ADD COLUMN company_id int REFERENCES property_companies (id);
ALTER TABLE users ADD COLUMN department_id int REFERENCES departments (id);
ALTER TABLE users ADD CONSTRAINT users_dispatcher_area CHECK (role <> 'dispatcher' OR area_id IS NOT NULL);
ALTER TABLE users ADD CONSTRAINT users_company_scope CHECK (role <> 'company' OR company_id IS NOT NULL);
ALTER TABLE users ADD CONSTRAINT users_department_scope CHECK (role <> 'department' OR department_id IS NOT NULL);

-- Who holds a ticket: a person (assignee_id), a property company or a department; at most one.
ALTER TABLE tickets ADD COLUMN holder_company_id int REFERENCES property_companies (id);
ALTER TABLE tickets ADD COLUMN holder_department_id int REFERENCES departments (id);
ALTER TABLE tickets ADD CONSTRAINT tickets_one_holder
  CHECK (num_nonnulls(assignee_id, holder_company_id, holder_department_id) <= 1);
CREATE INDEX tickets_holder_company_idx ON tickets (holder_company_id) WHERE holder_company_id IS NOT NULL;
CREATE INDEX tickets_holder_department_idx ON tickets (holder_department_id) WHERE holder_department_id IS NOT NULL;
-- the holder after each event (beside assignee_id), for the history
ALTER TABLE ticket_events ADD COLUMN holder_company_id int REFERENCES property_companies (id);
ALTER TABLE ticket_events ADD COLUMN holder_department_id int REFERENCES departments (id);

-- Which holder the dispatcher is offered first, per category and whether the point lies in a
-- compound: 'grid' (the grid cell's worker, as routing does), 'company' (the compound's property
-- company) or a department kind (the most local active department of that kind covering the point).
CREATE TABLE routing_rules (
  category        text NOT NULL REFERENCES sla_rules (category),
  inside_compound boolean NOT NULL,
  holder          text NOT NULL CHECK (holder IN ('grid', 'company', 'housing', 'urban_management', 'power',
                    'water', 'gas', 'other')),
  PRIMARY KEY (category, inside_compound),
  CHECK (inside_compound OR holder <> 'company')
);
INSERT INTO routing_rules (category, inside_compound, holder) VALUES
  ('water', true, 'company'), ('water', false, 'water'),
  ('electricity', true, 'company'), ('electricity', false, 'power'),
  ('elevator', true, 'company'), ('elevator', false, 'housing'),
  ('safety', true, 'company'), ('safety', false, 'housing'),
  ('sanitation', true, 'company'), ('sanitation', false, 'urban_management'),
  ('greenery', true, 'company'), ('greenery', false, 'urban_management'),
  ('parking', true, 'company'), ('parking', false, 'urban_management'),
  ('facility_repair', true, 'company'), ('facility_repair', false, 'urban_management'),
  ('property_service', true, 'company'), ('property_service', false, 'housing'),
  ('noise', true, 'grid'), ('noise', false, 'grid'),
  ('dispute', true, 'grid'), ('dispute', false, 'grid'),
  ('other', true, 'grid'), ('other', false, 'grid');

-- Whether an organisation may hold a ticket (the one rule of dispatch, its check and the orphan
-- check): a company the ticket's compound (it manages it now); a department an active one whose
-- area (NULL: the city) contains the ticket's community (else its district).
CREATE FUNCTION ticket_holder_ok(company int, department int, compound int, place int) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  RETURN CASE
    WHEN company IS NOT NULL THEN EXISTS (
      SELECT 1 FROM compounds c JOIN property_companies pc ON pc.id = c.company_id
      WHERE c.id = compound AND c.company_id = company AND pc.retired_at IS NULL)
    WHEN department IS NOT NULL THEN EXISTS (
      SELECT 1 FROM departments d WHERE d.id = department AND d.retired_at IS NULL
        AND (d.area_id IS NULL OR EXISTS (SELECT 1 FROM areas a WHERE a.id = place AND a.path @> ARRAY[d.area_id])))
    ELSE false
  END;
