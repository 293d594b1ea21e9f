// The shapes the JSON API answers with, shared by the server (which builds them) and the pages
// (which read them). Times are ISO 8601 text in the JSON; on the server, before the answer is
// serialised, the database's rows carry Date objects, hence the `Time` parameter.
import type { FeatureCollection, Geometry } from 'geojson';
import type {
	DepartmentKind,
	PersonKind,
	Role,
	RoutingHolder,
	Status,
	TicketCategory,
	TicketSource,
	Urgency,
	WebhookTopic
} from './codes';
import type { ImportLayerId } from './map/layer-ids';
import type {
	COMMITTEE_POSITIONS,
	CONSULTATION_KINDS,
	DECISION_STATUSES,
	MEETING_STATUSES,
	OUTCOMES,
	PARTIES,
	RAISERS
} from './governance/values';

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

/** An issued API key, with the plain key shown this once: the 201 of POST /api/admin/api-keys. */
export interface NewAdminKey<Time = string> extends AdminKey<Time> {
	/** rgk_ + 32 base64url characters; the table keeps its SHA-256 only */
	key: string;
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

/** A webhook with its outbox counts (never its secret): GET /api/admin/webhooks (outbox/webhooks.ts). */
export interface Webhook<Time = string> {
	id: number;
	url: string;
	label: string;
	topics: WebhookTopic[];
	/** an upstream platform's webhook: only the events of the tickets that source pushed (null: all) */
	source: string | null;
	createdAt: Time;
	/** stopped: no new messages are written for it */
	disabledAt: Time | null;
	/** its messages not yet delivered and not dead, delivered, and dead (failed every attempt) */
	waiting: number;
	delivered: number;
	dead: number;
}

/** A registered webhook, with its signing secret shown this once: the 201 of POST /api/admin/webhooks. */
export interface NewWebhook<Time = string> extends Pick<
	Webhook<Time>,
	'id' | 'url' | 'label' | 'topics' | 'source' | 'createdAt'
> {
	/** hex, 64 characters: the HMAC key of its deliveries */
	secret: string;
}

/** A message that failed every attempt: GET /api/admin/outbox (the dead-letter list, newest first). */
export interface DeadLetter<Time = string> {
	id: number;
	webhookId: number;
	/** the webhook's label */
	label: string;
	/** the idempotency id it is sent with (again on replay) */
	messageId: string;
	topic: WebhookTopic;
	attempts: number;
	createdAt: Time;
	deadAt: Time;
	lastError: string | null;
}

/** An exception to the Monday–Friday week (Beijing date): GET and PUT /api/calendar (tickets/calendar.sql). */
export interface CalendarDay {
	/** YYYY-MM-DD */
	day: string;
	/** true: a 调休 make-up working day; false: a public holiday */
	isWorking: boolean;
	note: string;
}

/** The holder a category proposes inside or outside a compound: GET and PUT /api/routing-rules (tickets/routing-rules.sql). */
export interface RoutingRule {
	category: TicketCategory;
	insideCompound: boolean;
	holder: RoutingHolder;
	/** the category's names (sla_rules) */
	categoryZh: string;
	categoryEn: string;
}

/** A department that holds tickets: GET /api/departments (tickets/departments.sql; active first). */
export interface Department {
	id: number;
	kind: DepartmentKind;
	name: string;
	/** the area whose subtree it serves (null: the whole city) */
	areaId: number | null;
	areaName: string | null;
	retired: boolean;
}

/** An open ticket whose holder cannot act on it: GET /api/tickets/orphans (tickets/orphans.sql). */
export interface Orphan<Time = string> {
	id: number;
	code: string;
	status: Status;
	address: string | null;
	createdAt: Time;
	/** null when an organisation holds it */
	assigneeId: number | null;
	/** the person's, company's or department's name */
	assigneeName: string;
	/** a person's kind, or 'company' / 'department' */
	assigneeKind: PersonKind | 'company' | 'department';
	/** the person, company or department is retired */
	assigneeRetired: boolean;
}

/** A file format the importer reads (import/read.ts detectFormat). */
export type ImportFormat = 'geojson' | 'csv' | 'shp' | 'gpkg';

/**
 * A note or warning of an import, for the page to say in the interface language: `code` (see
 * import.message.<code> in src/lib/i18n), the values it needs, and the English `message` (the CLI
 * prints it; the page falls back to it).
 */
export interface ImportMessage {
	code:
		| 'no_prj'
		| 'dbf_code_page'
		| 'utf8_read'
		| 'z_dropped'
		| 'm_dropped'
		| 'crs_overridden'
		| 'crs_assumed'
		| 'offset'
		| 'control_removed';
	params: Record<string, string | number>;
	message: string;
}

/** A row of the file that cannot be imported: its number, the field at fault and why. */
export interface ImportReject {
	row: number;
	field: string;
	reason: string;
}

/** An invalid geometry repaired with ST_MakeValid (import/invalid.sql): PostGIS's reason, areas in m², the new shape. */
export interface ImportRepair {
	row: number;
	reason: string;
	beforeM2: number;
	afterM2: number;
	geometry: Geometry;
}

/**
 * POST /api/import/{layer} (import/service.ts runImport): the file read, the column mapping, every
 * rejected row and why, the preview, and what was (or, before a commit, would be) written.
 */
export interface ImportReport {
	layer: ImportLayerId;
	file: string;
	format: ImportFormat;
	mode: 'preview' | 'dry-run' | 'commit';
	/** the CRS the coordinates were read in, and where that came from */
	crs: string;
	crsSource: 'chosen' | 'file' | 'assumed';
	sourceFields: string[];
	fields: { name: string; type: string; required: boolean; values?: readonly string[] }[];
	/** our field → the file's column, or '=' + a constant */
	mapping: Record<string, string>;
	rows: number;
	rejected: ImportReject[];
	repaired: ImportRepair[];
	warnings: ImportMessage[];
	notes: ImportMessage[];
	/** the first rows as mapped (our field names), each with its `row` */
	sample: Record<string, unknown>[];
	/** the features as they would be stored (WGS84), each with its row and whether it is rejected */
	preview: FeatureCollection<Geometry, { row: number; rejected: boolean }>;
	inserted: number;
	updated: number;
	unchanged: number;
	skipped: number;
	written: boolean;
}

/** An area as the analysis answers name it (the area asked for, or a child of it). */
export interface AreaRef {
	id: number;
	code: string;
	name: string;
	level: 'city' | 'district' | 'street' | 'community';
	parentId: number | null;
}

/** A facility-siting run's figures in households (result.totals of GET /api/siting/{id}). */
export interface SitingTotals {
	buildings: number;
	households: number;
	/** of those, measured by walks over the road network (the rest by straight line × detour) */
	networkHouseholds: number;
	/** reached by the existing facilities */
	before: number;
	/** reached by the existing facilities and the proposed sites */
	after: number;
	/** before ÷ households and after ÷ households (0–1; 1 when there are no households) */
	beforeShare: number;
	afterShare: number;
	/** after − before */
	newlyCovered: number;
	/** Households that no candidate and no existing facility reaches (null: no solve was needed). */
	unreachable: number | null;
}

/**
 * Party organizations of property companies, counted in an area (coverage/party.sql): companies by
 * their party status (own branch, joint branch, instructor only, none) and the households they
 * manage, of which those in compounds of a company with its own or a joint branch, and the
 * households of self-managed compounds.
 */
export interface PartyCounts {
	companies: number;
	own: number;
	joint: number;
	instructor: number;
	none: number;
	managedHouseholds: number;
	coveredHouseholds: number;
	selfManagedHouseholds: number;
}

/** The counts with their shares (0–1, four decimals; null when there is nothing to divide by). */
export interface PartyCoverageRow extends PartyCounts {
	/** (own + joint) ÷ companies */
	companyCoverage: number | null;
	/** coveredHouseholds ÷ managedHouseholds */
	householdCoverage: number | null;
}

/** A company without a party organization of its own (instructor only, or none) and its tickets. */
export interface UncoveredCompany {
	id: number;
	name: string;
	creditCode: string;
	partyStatus: 'instructor' | 'none';
	compounds: number;
	households: number;
	tickets: number;
	/** tickets per 1,000 households over the window */
	rate: number | null;
	worstCompoundRate: number | null;
	compoundList: { id: number; name: string; households: number; tickets: number; rate: number | null }[];
}

/** GET /api/coverage/party: the area's coverage, per child area, and the companies not covered. */
export interface PartyCoverage {
	area: AreaRef;
	/** the window the tickets are counted over */
	days: number;
	/** the Beijing day counted at (YYYY-MM-DD) */
	at: string;
	/** when these counts were made (ISO 8601; kept at most REDGRID_FIGURES_MAX_AGE_SECONDS) */
	asOf: string;
	total: PartyCoverageRow;
	children: (PartyCoverageRow & { area: AreaRef })[];
	uncovered: UncoveredCompany[];
}

/** A month end of GET /api/coverage/party/monthly (the current month: today). */
export interface PartyMonth extends PartyCoverageRow {
	/** YYYY-MM */
	month: string;
	/** the day counted at, YYYY-MM-DD */
	date: string;
}

/** A decision of a joint meeting, and the ticket it is followed as (null: none yet). */
export interface GovernanceDecision {
	id: number;
	/** optimistic-locking version: an edit names the version it read */
	version: number;
	content: string;
	owner: string;
	ownerParty: (typeof PARTIES)[number] | null;
	/** YYYY-MM-DD */
	dueOn: string;
	status: (typeof DECISION_STATUSES)[number];
	doneOn: string | null;
	ticketId: number | null;
	ticketCode: string | null;
	ticketStatus: Status | null;
}

/** A joint meeting (三方联动) held for a compound, or for its community as a whole (compoundId null). */
export interface GovernanceMeeting {
	id: number;
	title: string;
	/** YYYY-MM-DD */
	heldOn: string;
	status: (typeof MEETING_STATUSES)[number];
	compoundId: number | null;
	/** the facility's name where it was held at one, else the place as written */
	place: string | null;
	facilityId: number | null;
	topics: string | null;
	/** how many of each party attended */
	communityAttendees: number;
	committeeAttendees: number;
	companyAttendees: number;
	departmentAttendees: number;
	departments: string | null;
	decisions: GovernanceDecision[];
}

/** A consultation (协商议事) of a compound's owners. */
export interface Consultation {
	id: number;
	title: string;
	kind: (typeof CONSULTATION_KINDS)[number];
	raisedBy: (typeof RAISERS)[number];
	/** YYYY-MM-DD */
	raisedOn: string;
	outcome: (typeof OUTCOMES)[number];
	decidedOn: string | null;
	votesFor: number | null;
	votesAgainst: number | null;
	votesAbstain: number | null;
	ticketId: number | null;
}

/**
 * GET /api/governance/compounds/{id} (governance/compound.sql): a compound's live owners' committee
 * (members chair first; names and phones masked as the viewer's role requires), its joint meetings
 * and its community's (newest first, at most 24) with their decisions, and its consultations.
 */
export interface CompoundGovernance {
	id: number;
	name: string;
	communityId: number;
	community: string;
	households: number;
	committee: null | {
		id: number;
		version: number;
		registered: boolean;
		electedOn: string | null;
		termStart: string;
		termEnd: string;
		partyGroup: boolean;
		note: string | null;
		members: {
			id: number;
			name: string;
			phone: string | null;
			position: (typeof COMMITTEE_POSITIONS)[number];
			partyMember: boolean;
		}[];
	};
	meetings: GovernanceMeeting[];
	consultations: Consultation[];
}

/** Owners' committees and joint meetings of one area (sums over its communities), as governance/figures.sql counts them. */
export interface FigureCounts {
	id: number;
	name: string;
	level: string;
	code: string;
	parentId: number | null;
	communities: number;
	compounds: number;
	withCommittee: number;
	expired: number;
	registered: number;
	partyGroups: number;
	members: number;
	partyMembers: number;
	meetingsLastQuarter: number;
	communitiesWithoutMeeting: number;
	meetings: number;
	attCommunity: number;
	attCommittee: number;
	attCompany: number;
	attDepartment: number;
	decisionsDue: number;
	decisionsDone: number;
	decisionsOnTime: number;
}

/** Counts with their shares (percent, one decimal; null when there is nothing to divide by). */
export interface FigureRow extends FigureCounts {
	/** compounds with a live committee ÷ live compounds */
	committeeCoverage: number | null;
	withoutCommittee: number;
	/** party members ÷ members of live committees */
	partyShare: number | null;
	/** held meetings in the last full quarter ÷ communities (two decimals) */
	meetingsPerCommunity: number | null;
	/** per party: held meetings in the window with someone of the party ÷ held meetings in the window */
	attendance: {
		community: number | null;
		committee: number | null;
		company: number | null;
		department: number | null;
	};
	/** decisions due in the window done by their due date ÷ decisions due in the window (dropped ones left out) */
	onTimeRate: number | null;
}

export interface GovernanceGap {
	kind: 'compound' | 'community';
	id: number;
	name: string;
	parent: string | null;
	households: number | null;
	gap: 'none' | 'expired' | 'no_meeting';
	/** a committee's term end, or a community's last held meeting (YYYY-MM-DD) */
	since: string | null;
}

/** GET /api/governance/figures: an area's 三方联动 figures, its child areas, quarters and gaps. */
export interface GovernanceFigures {
	today: string;
	/** when these figures were counted (ISO 8601; kept at most REDGRID_FIGURES_MAX_AGE_SECONDS) */
	asOf: string;
	lastQuarter: { from: string; to: string; label: string };
	windowFrom: string;
	area: FigureRow;
	children: FigureRow[];
	/** held meetings per child area and quarter (oldest first) */
	quarters: { labels: string[]; rows: { id: number; name: string; communities: number; counts: number[] }[] };
	gaps: GovernanceGap[];
}

/** One stage of where tickets wait (GET /api/analysis/stages). */
export interface StageFigures {
	/** hours; null when no ticket finished the stage */
	medianH: number | null;
	p90H: number | null;
	waiting: number;
}

/** A group of where tickets wait: a company, grid cell or person, with its three stages. */
export interface StageRow {
	/** the company's, grid cell's or person's id; null: tickets with none */
	id: number | null;
	name: string | null;
	tickets: number;
	signFor: StageFigures;
	resolve: StageFigures;
	close: StageFigures;
	/** by=worker only: stages others ended on this person's behalf (not in their times) */
	onBehalf?: number;
}
