-- The columns of a ticket as the API returns it (alias t); personal data is masked by the service.
SELECT t.id, t.code, t.category, t.urgency, t.status, t.description, t.source,
       ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat,
       t.district_id AS "districtId", t.street_id AS "streetId", t.community_id AS "communityId",
       t.grid_cell_id AS "gridCellId", t.compound_id AS "compoundId", t.building_id AS "buildingId",
       t.company_id AS "companyId", t.assignee_id AS "assigneeId",
       (SELECT name FROM people WHERE id = t.assignee_id) AS "assigneeName", t.duplicate_of AS "duplicateOf",
       t.holder_company_id AS "holderCompanyId", t.holder_department_id AS "holderDepartmentId",
       coalesce((SELECT name FROM property_companies WHERE id = t.holder_company_id),
                (SELECT name FROM departments WHERE id = t.holder_department_id)) AS "holderName",
       t.created_at AS "createdAt", t.accept_due_at AS "acceptDueAt", t.due_at AS "dueAt",
       t.resolved_at AS "resolvedAt", t.closed_at AS "closedAt", t.supervised_at AS "supervisedAt",
       t.address, t.address_detail AS "addressDetail",
       t.satisfaction, t.photo IS NOT NULL AS "hasPhoto",
       t.suspended_at AS "suspendedAt", t.merged_into AS "mergedInto",
       t.external_source AS "externalSource", t.external_id AS "externalId",
       EXISTS (SELECT 1 FROM ticket_extensions x WHERE x.ticket_id = t.id AND x.status = 'pending') AS "extensionPending",
       EXISTS (SELECT 1 FROM ticket_callbacks cb WHERE cb.ticket_id = t.id AND cb.done_at IS NULL) AS "callbackWaiting",
       coalesce((SELECT cb.attempts FROM ticket_callbacks cb WHERE cb.ticket_id = t.id AND cb.done_at IS NULL), 0)
         AS "callbackAttempts",
       t.reporter_name AS "reporterName", t.reporter_phone AS "reporterPhone",
       ticket_is_overdue(t.status, t.due_at, t.suspended_at) AS overdue,
       ticket_is_at_risk(t.status, t.category, t.created_at, t.due_at, t.suspended_at) AS "atRisk"
FROM tickets t
