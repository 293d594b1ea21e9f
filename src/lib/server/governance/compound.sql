-- One compound's governance: its live owners' committee with the live members (chair first), and the
-- joint meetings held for the compound or for its community as a whole (newest first, at most 24)
-- with their decisions and the ticket each is followed as. $1 the compound.
SELECT c.id, c.name, c.community_id AS "communityId", cm.name AS community, c.households,
  (SELECT jsonb_build_object('id', oc.id, 'version', oc.version, 'registered', oc.registered,
     'electedOn', oc.elected_on::text, 'termStart', oc.term_start::text, 'termEnd', oc.term_end::text,
     'partyGroup', oc.party_group, 'note', oc.note,
     'members', coalesce((SELECT jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'phone', m.phone,
                 'position', m.position, 'partyMember', m.party_member)
               ORDER BY array_position(ARRAY['chair','vice_chair','member'], m.position), m.id)
               FROM committee_members m WHERE m.committee_id = oc.id AND m.retired_at IS NULL), '[]'::jsonb))
   FROM owner_committees oc WHERE oc.compound_id = c.id AND oc.retired_at IS NULL) AS committee,
  coalesce((SELECT jsonb_agg(x ORDER BY x->>'heldOn' DESC, (x->>'id')::int DESC) FROM (
     SELECT jsonb_build_object('id', m.id, 'title', m.title, 'heldOn', m.held_on::text, 'status', m.status,
       'compoundId', m.compound_id, 'place', coalesce(f.name, m.place), 'facilityId', m.facility_id,
       'topics', m.topics, 'communityAttendees', m.community_attendees,
       'committeeAttendees', m.committee_attendees, 'companyAttendees', m.company_attendees,
       'departmentAttendees', m.department_attendees, 'departments', m.departments,
       'decisions', coalesce((SELECT jsonb_agg(jsonb_build_object('id', d.id, 'version', d.version,
            'content', d.content, 'owner', d.owner, 'ownerParty', d.owner_party, 'dueOn', d.due_on::text,
            'status', d.status, 'doneOn', d.done_on::text, 'ticketId', d.ticket_id, 'ticketCode', k.code,
            'ticketStatus', k.status) ORDER BY d.id)
          FROM meeting_decisions d LEFT JOIN tickets k ON k.id = d.ticket_id
          WHERE d.meeting_id = m.id AND d.retired_at IS NULL), '[]'::jsonb)) AS x
     FROM joint_meetings m LEFT JOIN facilities f ON f.id = m.facility_id
     WHERE m.retired_at IS NULL AND (m.compound_id = c.id OR (m.compound_id IS NULL AND m.community_id = c.community_id))
     ORDER BY m.held_on DESC, m.id DESC LIMIT 24) s), '[]'::jsonb) AS meetings,
  coalesce((SELECT jsonb_agg(jsonb_build_object('id', k.id, 'title', k.title, 'kind', k.kind,
       'raisedBy', k.raised_by, 'raisedOn', k.raised_on::text, 'outcome', k.outcome,
       'decidedOn', k.decided_on::text, 'votesFor', k.votes_for, 'votesAgainst', k.votes_against,
       'votesAbstain', k.votes_abstain, 'ticketId', k.ticket_id) ORDER BY k.raised_on DESC, k.id DESC)
     FROM consultations k WHERE k.compound_id = c.id AND k.retired_at IS NULL), '[]'::jsonb) AS consultations
FROM compounds c JOIN areas cm ON cm.id = c.community_id
WHERE c.id = $1
