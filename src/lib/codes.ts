// The code lists: every coded value RedGrid stores, defined once, plain data importable from the
// server, the scripts and the pages alike. Labels are in the i18n files (`status.<code>`,
// `map.category.<code>`, `map.urgency.<code>`, `map.partyStatus.<code>`, `role.<code>`); the
// database's CHECK constraints match these lists, and SQL spells "open" once as
// `ticket_is_open(status)` (migration 140). The governance records' codes: ./governance/values.ts.

/**
 * Who a user is (README "Roles and scope"): besides the five first ones, a 12345 operator
 * (`dispatcher`) and the staff of an organisation that holds tickets (`company`, `department`).
 */
export const ROLES = [
	'admin',
	'official',
	'grid_worker',
	'steward',
	'planner',
	'dispatcher',
	'company',
	'department'
] as const;
export type Role = (typeof ROLES)[number];

/** What a department that holds tickets is: 住建, 城管, 供电, 供水, 燃气, other (migration 350). */
export const DEPARTMENT_KINDS = ['housing', 'urban_management', 'power', 'water', 'gas', 'other'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Whom a routing rule proposes: the grid cell's worker, the compound's company, or a department kind. */
export const ROUTING_HOLDERS = ['grid', 'company', ...DEPARTMENT_KINDS] as const;
export type RoutingHolder = (typeof ROUTING_HOLDERS)[number];

/** A ticket's workflow states, in the order a ticket passes them (src/lib/tickets/workflow.ts). */
export const STATUSES = [
	'new',
	'assigned',
	'accepted',
	'in_progress',
	'resolved',
	'closed',
	'rejected'
] as const;
export type Status = (typeof STATUSES)[number];
/** The open statuses: work still to do (SQL: `ticket_is_open(status)`). */
export const OPEN_STATUSES: readonly Status[] = ['new', 'assigned', 'accepted', 'in_progress'];
/** The statuses of finished work (the analyses' "done" filter); rejected is neither open nor done. */
export const DONE_STATUSES: readonly Status[] = ['resolved', 'closed'];
export const isOpen = (s: Status) => OPEN_STATUSES.includes(s);

/** Ticket categories (the database's CHECK on tickets.category and sla_rules match it). */
export const TICKET_CATEGORIES = [
	'water',
	'electricity',
	'elevator',
	'sanitation',
	'noise',
	'dispute',
	'parking',
	'greenery',
	'safety',
	'property_service',
	'facility_repair',
	'other'
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

/** How urgent a ticket is (from its category's SLA rule). */
export const URGENCIES = ['urgent', 'normal', 'complaint'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Where a ticket came from. */
export const TICKET_SOURCES = ['ui', 'api', 'open311', 'hotline', 'simulator'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

/** A property company's party-building status (红色物业): own branch, joint branch, instructor, none. */
export const PARTY_STATUSES = ['own', 'joint', 'instructor', 'none'] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];

/** What an outbox message carries to a webhook: a ticket's event, or a notification (migration 353). */
export const WEBHOOK_TOPICS = ['ticket_event', 'notification'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** What a person in the people register is: 网格员, 红领管家, committee member, company head, instructor. */
export const PERSON_KINDS = [
	'grid_worker',
	'steward',
	'committee_member',
	'company_head',
	'instructor'
] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
