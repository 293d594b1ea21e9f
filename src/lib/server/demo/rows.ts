// The demo city's row shapes (one per table), its options and their validation.
import type { FeatureCollection } from 'geojson';
import type { DepartmentKind, Role } from '../../codes';
import type { DistrictShape, MultiPolygonCoords } from './districts';
import type { FacilityType, TicketCategory } from './names';
import type { RoadRow } from './roads';
import type { Status, TicketSource, Urgency } from '../../codes';

/** An axis-aligned rectangle in degrees: [west, south, east, north]. */
export type Rect = [number, number, number, number];
export type Point = [number, number];

export const DEFAULT_SEED = 20240701;
export const MAX_SCALE = 50;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const SHANGHAI = 8 * HOUR;

export interface GenerateOptions {
	seed?: number;
	scale?: number;
	/** District polygons in WGS84 (DataV format: properties adcode, name, center). */
	boundaries?: FeatureCollection;
	/** Already parsed districts (the loader converts a file's CRS first). */
	districts?: DistrictShape[];
	/** The end of the year of activity (default: now, to the minute). */
	now?: Date | number;
	/**
	 * Whether the layout's lattice is bent into a city of curving roads and irregular blocks
	 * (warp.ts; default true). false gives the plan itself, every compound and building an
	 * axis-aligned rectangle: the same city, same rows and facts, before the warp.
	 */
	warp?: boolean;
}

export interface AreaRow {
	id: number;
	code: string;
	name: string;
	level: 'city' | 'district' | 'street' | 'community';
	parent_id: number | null;
	population: number;
	households: number;
	geom: MultiPolygonCoords;
}
export interface CompanyRow {
	id: number;
	name: string;
	credit_code: string;
	address: string;
	party_members: number;
}
export interface PersonRow {
	id: number;
	name: string;
	phone: string;
	kind: 'grid_worker' | 'steward' | 'committee_member' | 'company_head' | 'instructor';
	area_id: number | null;
	company_id: number | null;
}
export interface GridCellRow {
	id: number;
	code: string;
	name: string;
	community_id: number;
	district_id: number;
	worker_id: number | null;
	geom: MultiPolygonCoords;
}
export interface CompoundRow {
	id: number;
	code: string;
	name: string;
	address: string;
	community_id: number;
	district_id: number;
	company_id: number | null;
	households: number;
	population: number;
	year_built: number;
	/**
	 * The compound's slot as planned (before the city's warp, warp.ts): the bounding box of its
	 * planned outline, on the layout's lattice.
	 */
	rect: Rect;
	/**
	 * The compound's wall: a closed ring holding its buildings and paths (outline.ts), drawn inside
	 * `rect` and then warped with the rest of the city (densified, so its long edges bend).
	 */
	ring: Point[];
}
export interface BuildingRow {
	id: number;
	code: string;
	compound_id: number;
	district_id: number;
	number: string;
	floors: number;
	households: number;
	steward_id: number | null;
	/** The footprint as planned: an axis-aligned rectangle on the layout's lattice (before the warp). */
	rect: Rect;
	/** The footprint as drawn: the rectangle through the city's warp (warp.ts), a closed ring. */
	ring: Point[];
}
export interface PartyOrgRow {
	id: number;
	name: string;
	kind: 'committee' | 'general_branch' | 'branch' | 'joint_branch';
	parent_id: number | null;
	area_id: number | null;
	compound_id: number | null;
	members: number;
	founded_on: string;
	point: Point | null;
}
export interface PartyOrgCompanyRow {
	org_id: number;
	company_id: number;
}
export interface InstructorRow {
	id: number;
	person_id: number;
	company_id: number;
	start_on: string;
	end_on: string | null;
}
export interface CrossAppointmentRow {
	id: number;
	person_id: number;
	direction: 'committee_to_company' | 'company_to_committee';
	community_id: number;
	company_id: number;
	title: string;
	start_on: string;
	end_on: string | null;
}
export interface FacilityRow {
	id: number;
	code: string;
	type: FacilityType;
	name: string;
	capacity: number;
	floor_area: number;
	opened_on: string;
	area_id: number;
	compound_id: number | null;
	point: Point;
}
export interface FeeRow {
	compound_id: number;
	month: string;
	due_amount: number;
	collected_amount: number;
}
export interface TicketRow {
	id: number;
	district_id: number;
	code: string;
	category: TicketCategory;
	urgency: Urgency;
	status: Status;
	description: string;
	reporter_name: string;
	reporter_phone: string;
	source: Exclude<TicketSource, 'simulator'>;
	point: Point;
	community_id: number;
	street_id: number;
	grid_cell_id: number | null;
	compound_id: number;
	building_id: number | null;
	company_id: number | null;
	assignee_id: number | null;
	created_at: number;
	accept_due_at: number;
	due_at: number;
	resolved_at: number | null;
	closed_at: number | null;
	satisfaction: number | null;
}
export interface TicketEventRow {
	id: number;
	ticket_id: number;
	district_id: number;
	at: number;
	kind: 'created' | 'assigned' | 'accepted' | 'started' | 'resolved' | 'closed' | 'rejected';
	from_status: string | null;
	to_status: string;
	note: string | null;
}
export interface PatrolRow {
	id: number;
	worker_id: number;
	district_id: number;
	started_at: number;
	ended_at: number | null;
	track: Point[];
}
export interface CheckinRow {
	id: number;
	patrol_id: number;
	building_id: number;
	at: number;
	point: Point;
	distance_m: number;
}
/** A road of the base map (OpenStreetMap's highway classes where they apply). */
export type { RoadRow } from './roads';
/** Water of the base map: rivers, lakes. */
export interface WaterRow {
	id: number;
	name: string | null;
	kind: 'river' | 'lake' | 'pond' | 'canal';
	geom: MultiPolygonCoords;
}
/** Land use of the base map that is not a compound: schools, parks, hospitals. */
export interface LanduseRow {
	id: number;
	name: string | null;
	kind: 'school' | 'park' | 'hospital' | 'green' | 'commercial' | 'industrial' | 'residential';
	geom: MultiPolygonCoords;
}
export interface DemoUser {
	username: string;
	display_name: string;
	role: Role;
	area_id: number | null;
	person_id: number | null;
	/** a company user's property company */
	company_id?: number | null;
	/** a department user's department, by its kind (the demo's departments: load.ts) */
	department_kind?: DepartmentKind | null;
}

export interface ActivityBatch {
	tickets: TicketRow[];
	ticket_events: TicketEventRow[];
	patrols: PatrolRow[];
	patrol_checkins: CheckinRow[];
}

export interface CityBase {
	seed: number;
	scale: number;
	now: number;
	areas: AreaRow[];
	property_companies: CompanyRow[];
	people: PersonRow[];
	grid_cells: GridCellRow[];
	compounds: CompoundRow[];
	buildings: BuildingRow[];
	party_orgs: PartyOrgRow[];
	party_org_companies: PartyOrgCompanyRow[];
	party_instructors: InstructorRow[];
	cross_appointments: CrossAppointmentRow[];
	facilities: FacilityRow[];
	fee_collections: FeeRow[];
	roads: RoadRow[];
	water: WaterRow[];
	landuse: LanduseRow[];
	users: DemoUser[];
}
export type City = CityBase & Omit<ActivityBatch, never>;

export function validateScale(scale: unknown): number {
	if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
		throw new Error(
			`scale must be a positive integer no larger than ${MAX_SCALE}, got ${JSON.stringify(scale)}`
		);
	}
	return scale;
}
export function validateSeed(seed: unknown): number {
	if (typeof seed !== 'number' || !Number.isSafeInteger(seed))
		throw new Error(`seed must be an integer, got ${JSON.stringify(seed)}`);
	return seed;
}
