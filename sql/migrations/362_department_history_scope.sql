-- A department sees the tickets it holds and those it held before (README "Roles and scope"; the
-- scope module's department rule, src/lib/server/auth/scope.ts): a ticket it returned (退回) or that
-- was reassigned away stays in its list and history, read-only. The events that left it the holder
-- answer which, by this index.
CREATE INDEX ticket_events_holder_department_idx ON ticket_events (holder_department_id, ticket_id)
  WHERE holder_department_id IS NOT NULL;
