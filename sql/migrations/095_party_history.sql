-- Party-organization coverage as of any date: a party organization's link to a company carries its
-- validity (start_on … end_on, both days inclusive; end_on NULL while it holds), so that a link that
-- stops is closed, not deleted. "As of day d" means at the end of that Beijing day: a link or an
-- instructor counts when its dates include d, an organization when founded by d and not retired
-- before the day ended. company_party_status is the same function at today's Beijing date.

ALTER TABLE party_org_companies ADD COLUMN start_on date, ADD COLUMN end_on date;
-- Links that exist began with their organization (today when its founding date is unknown).
UPDATE party_org_companies x SET start_on = coalesce(o.founded_on, (now() AT TIME ZONE 'Asia/Shanghai')::date)
FROM party_orgs o WHERE o.id = x.org_id;
ALTER TABLE party_org_companies
  ALTER COLUMN start_on SET NOT NULL,
  ADD CONSTRAINT party_org_companies_dates_check CHECK (end_on IS NULL OR end_on >= start_on),
  DROP CONSTRAINT party_org_companies_pkey,
  ADD PRIMARY KEY (org_id, company_id, start_on);
-- At most one open link per organization and company.
CREATE UNIQUE INDEX party_org_companies_open_idx ON party_org_companies (org_id, company_id) WHERE end_on IS NULL;

-- A link written without a start (demo load, import, older code) starts with its organization's
-- founding, as the backfill above did; NOT NULL is checked after this trigger.
CREATE FUNCTION party_org_link_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.start_on IS NULL THEN
    NEW.start_on := coalesce((SELECT founded_on FROM party_orgs WHERE id = NEW.org_id),
      (now() AT TIME ZONE 'Asia/Shanghai')::date);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER party_org_companies_start BEFORE INSERT ON party_org_companies
  FOR EACH ROW EXECUTE FUNCTION party_org_link_start();

-- Each company's status at the end of Beijing day d: own (a branch, general branch or committee of
-- its own), joint (a joint branch), instructor (a party-building instructor only), none.
-- Plain SQL without SET options, so that the planner inlines it into the queries that join it.
CREATE FUNCTION company_party_status_at(d date) RETURNS TABLE (company_id int, party_status text)
LANGUAGE sql STABLE AS $$
  SELECT c.id,
    CASE
      WHEN EXISTS (SELECT 1 FROM party_org_companies pc JOIN party_orgs o ON o.id = pc.org_id
                   WHERE pc.company_id = c.id AND o.kind <> 'joint_branch'
                     AND pc.start_on <= d AND (pc.end_on IS NULL OR pc.end_on >= d)
                     AND (o.founded_on IS NULL OR o.founded_on <= d)
                     AND (o.retired_at IS NULL OR o.retired_at >= (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
        THEN 'own'
      WHEN EXISTS (SELECT 1 FROM party_org_companies pc JOIN party_orgs o ON o.id = pc.org_id
                   WHERE pc.company_id = c.id AND o.kind = 'joint_branch'
                     AND pc.start_on <= d AND (pc.end_on IS NULL OR pc.end_on >= d)
                     AND (o.founded_on IS NULL OR o.founded_on <= d)
                     AND (o.retired_at IS NULL OR o.retired_at >= (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
        THEN 'joint'
      WHEN EXISTS (SELECT 1 FROM party_instructors i
                   WHERE i.company_id = c.id AND i.start_on <= d AND (i.end_on IS NULL OR i.end_on >= d)
                     AND (i.retired_at IS NULL OR i.retired_at >= (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))
        THEN 'instructor'
      ELSE 'none'
    END
  FROM property_companies c
$$;

CREATE OR REPLACE VIEW company_party_status AS
SELECT company_id, party_status FROM company_party_status_at((now() AT TIME ZONE 'Asia/Shanghai')::date);

-- company_home (050) as of day d: the compounds not yet retired at the end of d. (Which company
-- manages a compound has no history: today's manager is assumed.)
CREATE FUNCTION company_home_at(d date) RETURNS TABLE (company_id int, community_id int)
LANGUAGE sql STABLE AS $$
  SELECT DISTINCT ON (c.company_id) c.company_id, c.community_id
  FROM compounds c
  WHERE c.company_id IS NOT NULL
    AND (c.retired_at IS NULL OR c.retired_at >= (d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
  GROUP BY c.company_id, c.community_id
  ORDER BY c.company_id, sum(c.households) DESC, c.community_id
$$;
