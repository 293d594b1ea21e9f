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
       t.reporter_name AS "reporterName", t.reporter_phone AS "reporterPhone",
       (ticket_is_open(t.status) AND t.due_at < now()) AS overdue
FROM tickets t
