// The shapes the JSON API answers with, shared by the server (which builds them) and the pages
// (which read them). Times are ISO 8601 text in the JSON; on the server, before the answer is
// serialised, the database's rows carry Date objects, hence the `Time` parameter.
import type { Geometry } from 'geojson';
import type { Role, Status, TicketCategory, TicketSource, Urgency } from './codes';

/** A ticket: GET /api/tickets, GET /api/tickets/{id}, the answer of an action (tickets/select.sql). */
export interface Ticket<Time = string> {
	id: number;
	/** GD + the Beijing date of filing + the id on 7 digits */
	code: string;
	category: TicketCategory;
	urgency: Urgency;
	status: Status;
	description: string;
	source: TicketSource;
	lon: number;
	lat: number;
	/** district street community compound+building, as they were named when the ticket was filed */
	address: string | null;
	/** the reporter's unit / room text */
	addressDetail: string | null;
	districtId: number;
	streetId: number | null;
	communityId: number | null;
	gridCellId: number | null;
	compoundId: number | null;
	buildingId: number | null;
	companyId: number | null;
	assigneeId: number | null;
	assigneeName: string | null;
	/** the property company or department holding it instead of a person (migration 350) */
	holderCompanyId: number | null;
	holderDepartmentId: number | null;
	holderName: string | null;
	duplicateOf: number | null;
	createdAt: Time;
	acceptDueAt: Time;
	dueAt: Time;
	resolvedAt: Time | null;
	closedAt: Time | null;
	supervisedAt: Time | null;
	/** 1–5, given when the ticket is closed */
	satisfaction: number | null;
	hasPhoto: boolean;
	/** open and past its due time, and not suspended */
	overdue: boolean;
	/** open, not yet due, past its category's warn share of the time (migration 352) */
	atRisk: boolean;
	/** 挂起 since (its SLA clock stands), else null (migration 351) */
	suspendedAt: Time | null;
	/** 合并: the master it was merged into */
	mergedInto: number | null;
	/** an upstream platform's ticket: its source and id (migration 354), else null */
	externalSource: string | null;
	externalId: string | null;
	/** a 延期 request waits for a decision */
	extensionPending: boolean;
	/** closed and waiting in the 回访 queue */
	callbackWaiting: boolean;
	/** the 回访 attempts that did not reach the resident yet (0 when none waits; migration 360) */
	callbackAttempts: number;
	/** masked (张*, 138****0000) for a viewer who may not see personal data */
	reporterName: string | null;
	reporterPhone: string | null;
}

/** A building of a field worker's zone (field/zone-buildings.sql). */
export interface ZoneBuilding<Time = string> {
	id: number;
	code: string;
	number: string;
	floors: number;
	households: number;
	cellId: number | null;
	compound: string;
	/** a point on the building's surface (WGS84 degrees) */
	lon: number;
	lat: number;
	geometry: Geometry;
	openTickets: number;
	lastCheckinAt: Time | null;
}

/** An open ticket of the zone, with its distance in metres from where the worker is (null: unknown). */
export type ZoneTicket<Time = string> = Ticket<Time> & { distanceM: number | null };

/** A grid cell of the zone, with its buildings and households counted. */
export interface ZoneCell {
	id: number;
	code: string;
	name: string;
	geometry: Geometry;
	buildings: number;
	households: number;
}

/** 我的网格: GET /api/me/zone, a grid worker's cells or a steward's buildings. */
export interface Zone<Time = string> {
	worker: { personId: number; name: string; kind: 'grid_cells' | 'buildings' };
	summary: {
		cells: number;
		buildings: number;
		households: number;
		openTickets: number;
		overdueTickets: number;
		/** buildings with a check-in in the last 7 days */
		visitedLast7Days: number;
	};
	cells: ZoneCell[];
	buildings: ZoneBuilding<Time>[];
	tickets: ZoneTicket<Time>[];
	openPatrol: { id: number; startedAt: Time } | null;
}

/** A user account as the admin sees it: GET /api/admin/users. */
export interface AdminUser<Time = string> {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	areaId: number | null;
	areaName: string | null;
	personId: number | null;
	personName: string | null;
	/** a company user's property company; a department user's department (migration 350) */
	companyId: number | null;
	companyName: string | null;
	departmentId: number | null;
	departmentName: string | null;
	mustChangePassword: boolean;
	disabledAt: Time | null;
	createdAt: Time;
	/** optimistic-locking version: an edit names the version it read */
	version: number;
	/** API keys not revoked */
	activeKeys: number;
}

/** An API key as the admin sees it (never the key itself): GET /api/admin/api-keys. */
export interface AdminKey<Time = string> {
	id: number;
	userId: number;
	username: string;
	label: string;
	createdAt: Time;
	revokedAt: Time | null;
}

/** A row of the audit log: GET /api/admin/audit. */
export interface AuditEntry<Time = string> {
	id: number;
	at: Time;
	actorUserId: number | null;
	/** the actor's username (null: the system) */
	actor: string | null;
	action: string;
	/** the layer or table acted on (buildings, users, api-keys …) */
	entity: string;
	entityId: number | null;
	/** the record before and after the change (null: created / deleted, or no record) */
	before: Record<string, unknown> | null;
	after: Record<string, unknown> | null;
	note: string | null;
}
