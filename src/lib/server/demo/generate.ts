// A deterministic generator of a believable demo city of 吉安 (Ji'an). Pure: no database.
//
// Geometry is built top-down so that containment holds by construction: districts (synthetic or
// from a boundary file) → streets (rectangles clipped to the district) → communities (a grid of
// rectangles clipped to the street) → compounds (insets of vertical stripes of the community) →
// buildings (a grid inside the compound). Grid cells cut each stripe of a community at gaps
// between building rows, so that they tile the community exactly and no building is cut.
// The static part (areas … fee collections) is returned as arrays; tickets and patrols are
// produced in day-sized batches by a generator so that a large scale stays in bounded memory.
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { makeCreditCode } from './credit-code';
import {
	cleanMulti,
	districtsFromBoundaries,
	syntheticDistricts,
	type DistrictShape,
	type MultiPolygonCoords
} from './districts';
import {
	CATEGORY_TEXT,
	CATEGORY_WEIGHTS,
	CITY,
	DISTRICT_STREETS,
	FACILITY_LABELS,
	FACILITY_TYPES,
	JIZHOU_STREETS,
	JIZHOU_TOWNS,
	COMMUNITY_WORDS,
	TICKET_CATEGORIES,
	compoundName,
	companyName,
	mobilePhone,
	personName,
	uniqueName,
	type FacilityType,
	type TicketCategory
} from './names';
import { Random, WeightedTable } from './random';

export type { MultiPolygonCoords } from './districts';
/** An axis-aligned rectangle in degrees: [west, south, east, north]. */
export type Rect = [number, number, number, number];
export type Point = [number, number];

export const DEFAULT_SEED = 20240701;
export const MAX_SCALE = 50;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;

export interface GenerateOptions {
	seed?: number;
	scale?: number;
	/** District polygons in WGS84 (DataV format: properties adcode, name, center). */
	boundaries?: FeatureCollection;
	/** Already parsed districts (the loader converts a file's CRS first). */
	districts?: DistrictShape[];
	/** The end of the year of activity (default: now, to the minute). */
	now?: Date | number;
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
	rect: Rect;
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
	rect: Rect;
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
	urgency: 'urgent' | 'normal' | 'complaint';
	status: 'new' | 'assigned' | 'accepted' | 'in_progress' | 'resolved' | 'closed' | 'rejected';
	description: string;
	reporter_name: string;
	reporter_phone: string;
	source: 'ui' | 'api' | 'open311' | 'hotline';
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
export interface DemoUser {
	username: string;
	display_name: string;
	role: 'admin' | 'official' | 'grid_worker' | 'steward' | 'planner';
	area_id: number | null;
	person_id: number | null;
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

// ---------------------------------------------------------------------------------------------
// geometry helpers

const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
export function rectRing(r: Rect): number[][] {
	return [
		[r[0], r[1]],
		[r[2], r[1]],
		[r[2], r[3]],
		[r[0], r[3]],
		[r[0], r[1]]
	];
}
const rectMulti = (r: Rect): MultiPolygonCoords => [[rectRing(r)]];
const inset = (r: Rect, fx: number, fy: number): Rect => {
	const dx = (r[2] - r[0]) * fx;
	const dy = (r[3] - r[1]) * fy;
	return [r7(r[0] + dx), r7(r[1] + dy), r7(r[2] - dx), r7(r[3] - dy)];
};
const M_PER_DEG_LAT = 110_574;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
const rectMeters = (r: Rect): [number, number] => [
	(r[2] - r[0]) * mPerDegLon((r[1] + r[3]) / 2),
	(r[3] - r[1]) * M_PER_DEG_LAT
];

/** The rectangle clipped to a polygon: null when (nearly) outside, the rectangle itself when inside. */
function clipRect(
	r: Rect,
	to: Feature<Polygon | MultiPolygon>,
	minShare: number
): { geom: MultiPolygonCoords; clipped: boolean } | null {
	const rect = turf.polygon([rectRing(r)]);
	const full = turf.area(rect);
	const inter = turf.intersect(turf.featureCollection([rect, to]));
	if (!inter) return null;
	const a = turf.area(inter);
	if (a < full * minShare) return null;
	if (a >= full * (1 - 1e-9)) return { geom: rectMulti(r), clipped: false };
	const g = inter.geometry;
	return { geom: cleanMulti(g.type === 'Polygon' ? [g.coordinates] : g.coordinates), clipped: true };
}

// ---------------------------------------------------------------------------------------------
// the model (internal shapes, with the lookups the activity generator needs)

interface Stripe {
	x0: number;
	x1: number;
	cuts: { y0: number; y1: number; cell: number | null }[];
}
interface CompoundModel {
	row: CompoundRow;
	districtIdx: number;
	stripe: Stripe;
	inner: Rect;
	buildings: number[];
	jizhou: boolean;
	communityIdx: number;
}
interface CommunityModel {
	row: AreaRow;
	districtId: number;
	committee: number[];
	compounds: number[];
}
interface Model {
	base: CityBase;
	compounds: CompoundModel[];
	communities: CommunityModel[];
	buildingCell: (number | null)[];
	cellWorker: Map<number, number | null>;
	companyHead: Map<number, number>;
	hotspots: { compound: number; category: TicketCategory }[];
	chengjian: number;
}

function toNow(now: GenerateOptions['now']): number {
	if (now === undefined) return Math.floor(Date.now() / 60_000) * 60_000;
	const t = typeof now === 'number' ? now : now.getTime();
	if (!Number.isFinite(t)) throw new Error('now must be a valid date');
	return t;
}

const isoDate = (t: number) => new Date(t + SHANGHAI).toISOString().slice(0, 10);

function randomDate(rng: Random, fromYear: number, toMs: number): string {
	const from = Date.UTC(fromYear, 0, 1);
	return isoDate(from + rng.next() * Math.max(0, toMs - from - DAY));
}

function buildModel(opts: GenerateOptions): Model {
	const seed = validateSeed(opts.seed ?? DEFAULT_SEED);
	const scale = validateScale(opts.scale ?? 1);
	const now = toNow(opts.now);
	const districts =
		opts.districts ??
		(opts.boundaries ? districtsFromBoundaries(opts.boundaries, 'wgs84') : syntheticDistricts());
	const rng = new Random(seed);

	const base: CityBase = {
		seed,
		scale,
		now,
		areas: [],
		property_companies: [],
		people: [],
		grid_cells: [],
		compounds: [],
		buildings: [],
		party_orgs: [],
		party_org_companies: [],
		party_instructors: [],
		cross_appointments: [],
		facilities: [],
		fee_collections: [],
		users: []
	};
	const addPerson = (kind: PersonRow['kind'], area_id: number | null, company_id: number | null = null) => {
		const id = base.people.length + 1;
		base.people.push({ id, name: personName(rng), phone: mobilePhone(rng), kind, area_id, company_id });
		return id;
	};

	// --- areas: city and districts
	const districtFeatures = districts.map((d) => turf.multiPolygon(d.geom));
	const union =
		districtFeatures.length === 1
			? districtFeatures[0]
			: turf.union(turf.featureCollection(districtFeatures));
	if (!union) throw new Error('the districts have no area');
	const ug = union.geometry as Polygon | MultiPolygon;
	base.areas.push({
		id: 1,
		code: CITY.code,
		name: CITY.name,
		level: 'city',
		parent_id: null,
		population: 0,
		households: 0,
		geom: cleanMulti(ug.type === 'Polygon' ? [ug.coordinates] : ug.coordinates)
	});
	const districtIds: number[] = [];
	for (const d of districts) {
		const id = base.areas.length + 1;
		districtIds.push(id);
		base.areas.push({
			id,
			code: d.adcode,
			name: d.name,
			level: 'district',
			parent_id: 1,
			population: 0,
			households: 0,
			geom: d.geom
		});
	}
	const jizhouIdx = districts.findIndex((d) => d.adcode === '360802');

	// --- property companies (a fixed set, whatever the scale)
	const companyHome: number[] = [];
	const usedCompanyNames = new Set<string>();
	const homes: number[] = [];
	for (let i = 0; i < 33; i++) homes.push(jizhouIdx);
	for (let di = 0; di < districts.length; di++) if (di !== jizhouIdx) homes.push(di, di);
	while (homes.length < 57) homes.push(jizhouIdx);
	homes.length = 57;
	homes.forEach((di, i) => {
		const id = i + 1;
		const d = districts[di];
		const name = i === 0 ? '吉安市锦华物业有限公司' : companyName(rng, i, d.name, usedCompanyNames);
		usedCompanyNames.add(name);
		base.property_companies.push({
			id,
			name,
			credit_code: i === 0 ? '' : makeCreditCode(rng, d.adcode),
			address: `${CITY.name}${d.name}${rng.pick(COMMUNITY_WORDS)}路${rng.int(1, 300)}号`,
			party_members: 0
		});
		companyHome.push(di);
	});
	base.property_companies[0].credit_code = makeCreditCode(new Random(360802), '360802');
	const jizhouCompanies = base.property_companies
		.filter((_, i) => companyHome[i] === jizhouIdx)
		.map((c) => c.id);
	const zipf = (n: number) => Array.from({ length: n }, (_, k) => 1 / Math.pow(k + 1, 0.8));
	const jizhouTable = new WeightedTable(zipf(jizhouCompanies.length));

	// --- streets
	interface StreetPlan {
		name: string;
		rect: Rect;
		perStreet: number;
		districtIdx: number;
		code: string;
	}
	const plans: StreetPlan[] = [];
	{
		// the urban core, around the seat; with a real boundary the seat is close to the border
		// (the Gan river), so the core moves inland until most of it lies inside the district
		const [sx, sy] = districts[jizhouIdx].seat;
		const coreAt = (dx: number, dy: number): Rect => [
			r7(sx + dx - 0.07),
			r7(sy + dy - 0.032),
			r7(sx + dx + 0.03),
			r7(sy + dy + 0.043)
		];
		const share = (r: Rect) => {
			const rect = turf.polygon([rectRing(r)]);
			const inter = turf.intersect(
				turf.featureCollection<Polygon | MultiPolygon>([rect, districtFeatures[jizhouIdx]])
			);
			return inter ? turf.area(inter) / turf.area(rect) : 0;
		};
		let core = coreAt(0, 0);
		let best = share(core);
		for (let step = 1; step <= 8 && best < 0.9; step++) {
			for (const [dx, dy] of [
				[-0.01 * step, 0],
				[-0.01 * step, 0.01 * step],
				[-0.01 * step, -0.01 * step],
				[0, 0.01 * step],
				[0, -0.01 * step]
			]) {
				const candidate = coreAt(dx, dy);
				const sh = share(candidate);
				if (sh > best + 1e-9) [core, best] = [candidate, sh];
			}
		}
		const midY = r7((core[1] + core[3]) / 2);
		JIZHOU_STREETS.forEach((name, i) => {
			const top = i < 4;
			const n = top ? 4 : 3;
			const k = top ? i : i - 4;
			const w = (core[2] - core[0]) / n;
			const x0 = k === 0 ? core[0] : r7(core[0] + k * w);
			const x1 = k === n - 1 ? core[2] : r7(core[0] + (k + 1) * w);
			const rect: Rect = top ? [x0, midY, x1, core[3]] : [x0, core[1], x1, midY];
			plans.push({
				name,
				rect,
				perStreet: 8,
				districtIdx: jizhouIdx,
				code: `360802${String(i + 1).padStart(3, '0')}`
			});
		});
		JIZHOU_TOWNS.forEach((t, i) => {
			let rect: Rect = [r7(t.at[0] - 0.025), r7(t.at[1] - 0.0225), r7(t.at[0] + 0.025), r7(t.at[1] + 0.0225)];
			// a core moved inland must not overlap a town: push the town out of the core's way
			if (rect[0] < core[2] && rect[2] > core[0] && rect[1] < core[3] && rect[3] > core[1]) {
				const left = rect[2] - core[0];
				const right = core[2] - rect[0];
				const down = rect[3] - core[1];
				const up = core[3] - rect[1];
				const shift = Math.min(left, right, down, up);
				const d: [number, number] =
					shift === left ? [-left, 0] : shift === right ? [right, 0] : shift === down ? [0, -down] : [0, up];
				rect = [r7(rect[0] + d[0]), r7(rect[1] + d[1]), r7(rect[2] + d[0]), r7(rect[3] + d[1])];
			}
			plans.push({
				name: t.name,
				rect,
				perStreet: 2,
				districtIdx: jizhouIdx,
				code: `360802${String(100 + i + 1)}`
			});
		});
	}
	districts.forEach((d, di) => {
		if (di === jizhouIdx) return;
		const names = DISTRICT_STREETS[d.adcode] ?? [`${d.name.slice(0, 2)}街道`, `${d.name.slice(0, 2)}镇`];
		const [sx, sy] = d.seat;
		names.forEach((name, k) => {
			const rect: Rect =
				k === 0
					? [r7(sx - 0.036), r7(sy - 0.02), r7(sx), r7(sy + 0.02)]
					: [r7(sx), r7(sy - 0.02), r7(sx + 0.036), r7(sy + 0.02)];
			plans.push({
				name,
				rect,
				perStreet: 2,
				districtIdx: di,
				code: `${d.adcode}${String(k + 1).padStart(3, '0')}`
			});
		});
	});

	const model: Model = {
		base,
		compounds: [],
		communities: [],
		buildingCell: [],
		cellWorker: new Map(),
		companyHead: new Map(),
		hotspots: [],
		chengjian: -1
	};
	const usedCompoundNames = new Set<string>();
	const streetOrgs = new Map<number, number>();
	const addOrg = (o: Omit<PartyOrgRow, 'id'>) => {
		const id = base.party_orgs.length + 1;
		base.party_orgs.push({ id, ...o });
		return id;
	};
	const industryOrg = addOrg({
		name: '中共吉安市物业服务行业委员会',
		kind: 'committee',
		parent_id: null,
		area_id: 1,
		compound_id: null,
		members: 9,
		founded_on: '2017-09-08',
		point: null
	});

	let yangmingPlaced = false;
	for (const plan of plans) {
		const districtId = districtIds[plan.districtIdx];
		const street = clipRect(plan.rect, districtFeatures[plan.districtIdx], 0.05);
		if (!street) continue;
		const streetId = base.areas.length + 1;
		const streetRow: AreaRow = {
			id: streetId,
			code: plan.code,
			name: plan.name,
			level: 'street',
			parent_id: districtId,
			population: 0,
			households: 0,
			geom: street.geom
		};
		base.areas.push(streetRow);
		const streetOrg = addOrg({
			name: `中共${plan.name}${plan.name.endsWith('镇') ? '' : '工作'}委员会`,
			kind: 'committee',
			parent_id: null,
			area_id: streetId,
			compound_id: null,
			members: rng.int(5, 9),
			founded_on: randomDate(rng, 1985, Date.UTC(2005, 0, 1)),
			point: null
		});
		streetOrgs.set(streetId, streetOrg);
		const streetFeature = turf.multiPolygon(street.geom);

		// a grid of community rectangles over the street's rectangle
		const n = plan.perStreet * scale;
		const [wm, hm] = rectMeters(plan.rect);
		const cols = Math.max(1, Math.round(Math.sqrt((n * wm) / hm)));
		const rows = Math.max(1, Math.ceil(n / cols));
		const cw = (plan.rect[2] - plan.rect[0]) / cols;
		const ch = (plan.rect[3] - plan.rect[1]) / rows;
		const usedNames = new Set<string>();
		const jizhouCore = plan.districtIdx === jizhouIdx && JIZHOU_STREETS.includes(plan.name);
		const isGunan = plan.name === '古南街道' && plan.districtIdx === jizhouIdx;
		// 古南街道: 桃树下社区 is the unclipped cell nearest the seat
		const cellsOrder: { i: number; j: number; rect: Rect }[] = [];
		for (let j = 0; j < rows; j++) {
			for (let i = 0; i < cols; i++) {
				const rect: Rect = [
					i === 0 ? plan.rect[0] : r7(plan.rect[0] + i * cw),
					j === 0 ? plan.rect[1] : r7(plan.rect[1] + j * ch),
					i === cols - 1 ? plan.rect[2] : r7(plan.rect[0] + (i + 1) * cw),
					j === rows - 1 ? plan.rect[3] : r7(plan.rect[1] + (j + 1) * ch)
				];
				cellsOrder.push({ i, j, rect });
			}
		}
		const clips = cellsOrder.map((c) =>
			street.clipped ? clipRect(c.rect, streetFeature, 0.3) : { geom: rectMulti(c.rect), clipped: false }
		);
		let taoshuxia = -1;
		if (isGunan) {
			const [sx, sy] = districts[jizhouIdx].seat;
			let best = Infinity;
			clips.forEach((c, k) => {
				if (!c || c.clipped) return;
				const r = cellsOrder[k].rect;
				const dd = Math.hypot((r[0] + r[2]) / 2 - sx, (r[1] + r[3]) / 2 - sy);
				if (dd < best) [best, taoshuxia] = [dd, k];
			});
		}
		let yangming = -1;
		if (!yangmingPlaced && plan.name === '白塘街道') yangming = clips.findIndex((c) => c && !c.clipped);

		let communityNo = 0;
		clips.forEach((clip, k) => {
			if (!clip) return;
			communityNo++;
			const special = k === taoshuxia ? 'chengjian' : k === yangming ? 'yangming' : null;
			const name =
				special === 'chengjian'
					? '桃树下社区'
					: special === 'yangming'
						? '阳明社区'
						: uniqueName(rng, COMMUNITY_WORDS, '社区', usedNames);
			usedNames.add(name);
			if (special === 'yangming') yangmingPlaced = true;
			const id = base.areas.length + 1;
			const row: AreaRow = {
				id,
				code: `${plan.code}${String(communityNo).padStart(3, '0')}`,
				name,
				level: 'community',
				parent_id: streetId,
				population: 0,
				households: 0,
				geom: clip.geom
			};
			base.areas.push(row);
			const community: CommunityModel = { row, districtId, committee: [], compounds: [] };
			model.communities.push(community);
			layoutCommunity(
				model,
				rng,
				community,
				cellsOrder[k].rect,
				clip,
				plan.districtIdx,
				jizhouCore || plan.districtIdx === jizhouIdx,
				special,
				{
					usedCompoundNames,
					addPerson,
					companyFor: (di: number) => {
						if (rng.chance(plan.districtIdx === jizhouIdx ? 0.1 : 0.18)) return null;
						if (di !== jizhouIdx && rng.chance(0.7)) {
							const own = base.property_companies.filter((_, ci) => companyHome[ci] === di);
							if (own.length) return rng.pick(own).id;
						}
						return jizhouCompanies[jizhouTable.draw(rng.next())];
					},
					address: `${CITY.name}${districts[plan.districtIdx].name}${plan.name}`
				}
			);
			streetRow.households += row.households;
			streetRow.population += row.population;
		});
		base.areas[plan.districtIdx + 1].households += streetRow.households;
		base.areas[plan.districtIdx + 1].population += streetRow.population;
	}
	for (const d of base.areas.filter((a) => a.level === 'district')) {
		base.areas[0].households += d.households;
		base.areas[0].population += d.population;
	}
	if (model.chengjian < 0)
		throw new Error('could not place 城建花苑: 古南街道 has no community fully inside 吉州区');

	// --- company heads, party organizations, instructors
	for (const c of base.property_companies) model.companyHead.set(c.id, addPerson('company_head', null, c.id));
	const firstCompound = new Map<number, CompoundModel>();
	for (const cm of model.compounds)
		if (cm.row.company_id && !firstCompound.has(cm.row.company_id)) firstCompound.set(cm.row.company_id, cm);
	const orgPoint = (companyId: number): Point | null => {
		const cm = firstCompound.get(companyId);
		return cm ? marginPoint(rng, cm) : null;
	};
	const others = rng.shuffle(base.property_companies.slice(1).map((c) => c.id));
	const own = [1, ...others.slice(0, 32)];
	const joint = others.slice(32, 42);
	const instructed = others.slice(42, 48);
	for (const cid of own) {
		const c = base.property_companies[cid - 1];
		c.party_members = cid === 1 ? 12 : rng.int(3, 26);
		const org = addOrg({
			name: `中共${c.name}${c.party_members >= 20 ? '总支部' : '支部'}委员会`,
			kind: c.party_members >= 20 ? 'general_branch' : 'branch',
			parent_id: industryOrg,
			area_id: districtIds[companyHome[cid - 1]],
			compound_id: null,
			members: c.party_members,
			founded_on: cid === 1 ? '2009-06-26' : randomDate(rng, 2012, now),
			point: orgPoint(cid)
		});
		base.party_org_companies.push({ org_id: org, company_id: cid });
	}
	const jointGroups = [joint.slice(0, 4), joint.slice(4, 7), joint.slice(7, 10)];
	for (const group of jointGroups) {
		const home = districtIds[companyHome[group[0] - 1]];
		const streetRow = base.areas.find((a) => a.level === 'street' && a.parent_id === home);
		let members = 0;
		for (const cid of group) members += base.property_companies[cid - 1].party_members = rng.int(1, 2);
		const org = addOrg({
			name: `中共${streetRow?.name ?? base.areas[home - 1].name}物业服务企业联合支部委员会`,
			kind: 'joint_branch',
			parent_id: industryOrg,
			area_id: streetRow?.id ?? home,
			compound_id: null,
			members,
			founded_on: randomDate(rng, 2016, Date.UTC(2023, 0, 1)),
			point: orgPoint(group[0])
		});
		for (const cid of group) base.party_org_companies.push({ org_id: org, company_id: cid });
	}
	for (const cid of instructed) {
		base.property_companies[cid - 1].party_members = rng.int(0, 2);
		const person = addPerson('instructor', districtIds[companyHome[cid - 1]], null);
		base.party_instructors.push({
			id: base.party_instructors.length + 1,
			person_id: person,
			company_id: cid,
			start_on: randomDate(rng, 2019, Date.UTC(2024, 0, 1)),
			end_on: null
		});
	}
	for (const cid of others.slice(48)) base.property_companies[cid - 1].party_members = rng.int(0, 2);

	// community and compound party organizations
	for (const cm of model.communities) {
		const org = addOrg({
			name: `中共${cm.row.name}${cm.row.households >= 3000 ? '委员会' : '总支部委员会'}`,
			kind: cm.row.households >= 3000 ? 'committee' : 'general_branch',
			parent_id: streetOrgs.get(cm.row.parent_id!) ?? null,
			area_id: cm.row.id,
			compound_id: null,
			members: rng.int(40, 260),
			founded_on: randomDate(rng, 1995, Date.UTC(2016, 0, 1)),
			point: null
		});
		for (const ci of cm.compounds) {
			const c = model.compounds[ci];
			if (c.row.households >= 800 && (ci === model.chengjian || rng.chance(0.5))) {
				addOrg({
					name: `中共${c.row.name}支部委员会`,
					kind: 'branch',
					parent_id: org,
					area_id: cm.row.id,
					compound_id: c.row.id,
					members: rng.int(8, 45),
					founded_on: randomDate(rng, 2015, now),
					point: marginPoint(rng, c)
				});
			}
		}
	}

	// --- cross-appointments: 37 committee members as property supervisors, some company heads on committees
	const pairs: { community: CommunityModel; company: number }[] = [];
	const seenPairs = new Set<string>();
	for (const cm of model.communities) {
		for (const ci of cm.compounds) {
			const company = model.compounds[ci].row.company_id;
			if (company && !seenPairs.has(`${cm.row.id}/${company}`)) {
				seenPairs.add(`${cm.row.id}/${company}`);
				pairs.push({ community: cm, company });
			}
		}
	}
	rng.shuffle(pairs);
	const usedMembers = new Set<number>();
	let supervisors = 0;
	for (const p of pairs) {
		if (supervisors === 37) break;
		const person = p.community.committee.find((m) => !usedMembers.has(m));
		if (!person) continue;
		usedMembers.add(person);
		supervisors++;
		base.cross_appointments.push({
			id: base.cross_appointments.length + 1,
			person_id: person,
			direction: 'committee_to_company',
			community_id: p.community.row.id,
			company_id: p.company,
			title: '物业服务监督员',
			start_on: randomDate(rng, 2019, now),
			end_on: null
		});
	}
	for (const p of pairs.slice(-15)) {
		base.cross_appointments.push({
			id: base.cross_appointments.length + 1,
			person_id: model.companyHead.get(p.company)!,
			direction: 'company_to_committee',
			community_id: p.community.row.id,
			company_id: p.company,
			title: '社区党组织兼职委员',
			start_on: randomDate(rng, 2019, now),
			end_on: null
		});
	}

	// --- facilities
	const facilityOdds: Record<FacilityType, number> = {
		party_service_center: 1,
		residents_council_room: 1,
		red_station: 0.5,
		elderly_center: 0.6,
		library: 0.35,
		fitness_center: 0.3,
		volunteer_station: 0.5,
		youth_reading_room: 0.2,
		health_station: 0.4,
		kindergarten: 0.4
	};
	const facilitySize: Record<FacilityType, [number, number, number, number]> = {
		red_station: [30, 60, 60, 200],
		party_service_center: [100, 300, 300, 1500],
		library: [20, 60, 40, 200],
		fitness_center: [50, 200, 200, 1200],
		volunteer_station: [10, 30, 20, 80],
		elderly_center: [30, 80, 60, 300],
		youth_reading_room: [20, 50, 40, 150],
		residents_council_room: [20, 40, 30, 100],
		health_station: [20, 80, 150, 600],
		kindergarten: [90, 360, 1200, 3000]
	};
	const addFacility = (
		type: FacilityType,
		cm: CompoundModel,
		community: CommunityModel,
		name?: string,
		floorArea?: number
	) => {
		const [c0, c1, a0, a1] = facilitySize[type];
		const inCompound = type === 'red_station' || type === 'kindergarten' || type === 'elderly_center';
		const id = base.facilities.length + 1;
		base.facilities.push({
			id,
			code: `F${String(id).padStart(6, '0')}`,
			type,
			name: name ?? `${inCompound ? cm.row.name : community.row.name}${FACILITY_LABELS[type]}`,
			capacity: rng.int(c0, c1),
			floor_area: floorArea ?? Math.round(rng.uniform(a0, a1) / 5) * 5,
			opened_on: randomDate(rng, 2010, now),
			area_id: community.row.id,
			compound_id: inCompound ? cm.row.id : null,
			point: marginPoint(rng, cm)
		});
	};
	for (const community of model.communities) {
		if (community.compounds.length === 0) continue;
		for (const type of FACILITY_TYPES) {
			if (rng.chance(facilityOdds[type]))
				addFacility(type, model.compounds[rng.pick(community.compounds)], community);
		}
	}
	const ym = model.compounds.find((c) => c.row.name === '阳明花园');
	if (ym) addFacility('red_station', ym, model.communities[ym.communityIdx], '阳明花园红色驿站', 200);

	// --- fee collections: the last 12 months (the current one included)
	const nowLocal = new Date(now + SHANGHAI);
	const months: string[] = [];
	for (let k = 11; k >= 0; k--) {
		const d = new Date(Date.UTC(nowLocal.getUTCFullYear(), nowLocal.getUTCMonth() - k, 1));
		months.push(d.toISOString().slice(0, 10));
	}
	for (const cm of model.compounds) {
		if (!cm.row.company_id) continue;
		const fee = rng.uniform(0.6, 2.2) * 95; // 元 per household per month
		const rate = rng.uniform(0.6, 0.98);
		for (const month of months) {
			const due = Math.round(cm.row.households * fee * 100) / 100;
			const r = Math.min(0.979, Math.max(0.601, rate + rng.normal(0, 0.025)));
			base.fee_collections.push({
				compound_id: cm.row.id,
				month,
				due_amount: due,
				collected_amount: Math.round(due * r * 100) / 100
			});
		}
	}

	// --- hotspots: a few big compounds of 吉州区 with many tickets of one category
	const big = model.compounds
		.map((c, i) => ({ c, i }))
		.filter(({ c, i }) => c.jizhou && i !== model.chengjian && c.row.households >= 400);
	const hotCats: TicketCategory[] = ['water', 'parking', 'elevator', 'noise', 'property_service'];
	for (const cat of hotCats) {
		if (!big.length) break;
		const k = rng.int(0, big.length - 1);
		model.hotspots.push({ compound: big[k].i, category: cat });
		big.splice(k, 1);
	}

	// --- demo users
	const cj = model.compounds[model.chengjian];
	const cjCell = model.buildingCell[cj.buildings[0] - 1];
	const gridworker = cjCell ? model.cellWorker.get(cjCell)! : null;
	const steward = cj.buildings.map((b) => base.buildings[b - 1].steward_id).find((s) => s !== null) ?? null;
	const jizhouId = districtIds[jizhouIdx];
	base.users = [
		{ username: 'admin', display_name: '系统管理员', role: 'admin', area_id: null, person_id: null },
		{
			username: 'official',
			display_name: '市委组织部 王主任',
			role: 'official',
			area_id: 1,
			person_id: null
		},
		{
			username: 'jizhou',
			display_name: '吉州区委组织部 李科长',
			role: 'official',
			area_id: jizhouId,
			person_id: null
		},
		{
			username: 'gridworker',
			display_name: `网格员 ${gridworker ? base.people[gridworker - 1].name : ''}`.trim(),
			role: 'grid_worker',
			area_id: null,
			person_id: gridworker
		},
		{
			username: 'steward',
			display_name: `红领管家 ${steward ? base.people[steward - 1].name : ''}`.trim(),
			role: 'steward',
			area_id: null,
			person_id: steward
		},
		{ username: 'planner', display_name: '市民政局 规划科', role: 'planner', area_id: null, person_id: null }
	];
	return model;
}

function marginPoint(rng: Random, cm: CompoundModel): Point {
	const r = cm.row.rect;
	const band = cm.inner[1] - r[1];
	const south = rng.chance(0.5);
	const y = south ? r[1] + band * rng.uniform(0.15, 0.85) : cm.inner[3] + band * rng.uniform(0.15, 0.85);
	return [r[0] + (r[2] - r[0]) * rng.uniform(0.05, 0.95), y];
}

interface LayoutHelpers {
	usedCompoundNames: Set<string>;
	addPerson: (kind: PersonRow['kind'], area: number | null, company?: number | null) => number;
	companyFor: (districtIdx: number) => number | null;
	address: string;
}

function buildingsFor(
	rng: Random,
	households: number,
	year: number
): { floors: number; households: number }[] {
	const out: { floors: number; households: number }[] = [];
	let sum = 0;
	while (sum < households) {
		let floors: number;
		let perFloor: number;
		if (year < 1995) {
			floors = rng.int(4, 6);
			perFloor = rng.int(2, 3) * 2;
		} else if (year < 2010) {
			const u = rng.next();
			floors = u < 0.05 ? rng.int(2, 3) : u < 0.8 ? rng.int(6, 7) : 11;
			perFloor = rng.int(2, 4) * 2;
		} else {
			const u = rng.next();
			floors = u < 0.6 ? rng.int(18, 33) : u < 0.9 ? 11 : 6;
			perFloor = 2 * rng.int(2, 3);
		}
		const hh = floors * perFloor;
		out.push({ floors, households: hh });
		sum += hh;
	}
	out[out.length - 1].households -= sum - households;
	return out;
}

function layoutCommunity(
	model: Model,
	rng: Random,
	community: CommunityModel,
	rect: Rect,
	clip: { geom: MultiPolygonCoords; clipped: boolean },
	districtIdx: number,
	jizhou: boolean,
	special: 'chengjian' | 'yangming' | null,
	h: LayoutHelpers
) {
	const { base } = model;
	const row = community.row;
	const K = rng.int(2, 4);
	const target = rng.int(1200, 4800);
	const [cwm, chm] = rectMeters(rect);
	const aspect = chm / (cwm / K);
	const stacks = Array.from({ length: K }, () =>
		Math.min(4, Math.max(1, Math.round(aspect * rng.uniform(0.55, 1))))
	);
	const nC = stacks.reduce((a, b) => a + b, 0);
	const poly = clip.clipped ? turf.multiPolygon(clip.geom) : null;
	for (let c = 0; c < 6; c++) community.committee.push(h.addPerson('committee_member', row.id));
	const overloaded = rng.chance(0.07);
	const w = (rect[2] - rect[0]) / K;
	let compoundNo = 0;
	for (let s = 0; s < K; s++) {
		const x0 = s === 0 ? rect[0] : r7(rect[0] + s * w);
		const x1 = s === K - 1 ? rect[2] : r7(rect[0] + (s + 1) * w);
		const stripe: Stripe = { x0, x1, cuts: [] };
		const rows: { y0: number; y1: number; hh: number; buildings: number[] }[] = [];
		const m = stacks[s];
		const sh = (rect[3] - rect[1]) / m;
		for (let q = 0; q < m; q++) {
			const slot: Rect = [x0, r7(rect[1] + q * sh), x1, q === m - 1 ? rect[3] : r7(rect[1] + (q + 1) * sh)];
			const cRect = inset(slot, 0.1, 0.08);
			if (poly && clipRect(cRect, poly, 0.999999)?.clipped !== false) continue;
			const first = s === 0 && q === 0;
			const named =
				first && special === 'chengjian' ? '城建花苑' : first && special === 'yangming' ? '阳明花园' : null;
			const hh =
				named === '城建花苑'
					? 1016
					: named === '阳明花园'
						? 1714
						: Math.max(60, Math.round((target / nC) * rng.uniform(0.6, 1.4)));
			const year = named === '城建花苑' ? 1998 : named === '阳明花园' ? 2006 : rng.int(1985, 2022);
			const name = named ?? compoundName(rng, h.usedCompoundNames);
			if (named) h.usedCompoundNames.add(named);
			const companyId =
				named === '城建花苑' ? 1 : named ? (h.companyFor(districtIdx) ?? 2) : h.companyFor(districtIdx);
			const population = named === '阳明花园' ? 5400 : Math.round(hh * rng.uniform(2.6, 3.2));
			compoundNo++;
			const cRow: CompoundRow = {
				id: base.compounds.length + 1,
				code: `${row.code}${String(compoundNo).padStart(3, '0')}`,
				name,
				address: `${h.address}${name}`,
				community_id: row.id,
				district_id: community.districtId,
				company_id: companyId,
				households: hh,
				population,
				year_built: year,
				rect: cRect
			};
			base.compounds.push(cRow);
			const inner = inset(cRect, 0.1, 0.12);
			const cm: CompoundModel = {
				row: cRow,
				districtIdx,
				stripe,
				inner,
				buildings: [],
				jizhou,
				communityIdx: model.communities.length - 1
			};
			const ci = model.compounds.length;
			model.compounds.push(cm);
			community.compounds.push(ci);
			if (named === '城建花苑') model.chengjian = ci;
			row.households += hh;
			row.population += population;

			// buildings on a grid inside the inner rectangle
			const specs = buildingsFor(rng, hh, year);
			const [iwm, ihm] = rectMeters(inner);
			const cols = Math.max(1, Math.round(Math.sqrt((specs.length * iwm) / ihm / 1.5)));
			const brows = Math.ceil(specs.length / cols);
			const bw = (inner[2] - inner[0]) / cols;
			const bh = (inner[3] - inner[1]) / brows;
			for (let r = 0; r < brows; r++) {
				const y0 = r7(inner[1] + r * bh + bh * 0.28);
				const y1 = r7(inner[1] + r * bh + bh * 0.72);
				const rowInfo = { y0, y1, hh: 0, buildings: [] as number[] };
				for (let c = 0; c < cols; c++) {
					const k = r * cols + c;
					if (k >= specs.length) break;
					const b = specs[k];
					const id = base.buildings.length + 1;
					const bRect: Rect = [r7(inner[0] + c * bw + bw * 0.12), y0, r7(inner[0] + c * bw + bw * 0.88), y1];
					base.buildings.push({
						id,
						code: `${cRow.code}-${k + 1}`,
						compound_id: cRow.id,
						district_id: community.districtId,
						number: `${k + 1}栋`,
						floors: b.floors,
						households: b.households,
						steward_id: null,
						rect: bRect
					});
					cm.buildings.push(id);
					rowInfo.hh += b.households;
					rowInfo.buildings.push(id);
				}
				rows.push(rowInfo);
			}
			// stewards: one per 2-5 buildings, some groups without one
			for (let k = 0; k < cm.buildings.length;) {
				const size = rng.int(2, 5);
				const steward =
					rng.chance(0.9) || (named === '城建花苑' && k === 0) ? h.addPerson('steward', row.id) : null;
				for (let j = k; j < Math.min(k + size, cm.buildings.length); j++)
					base.buildings[cm.buildings[j] - 1].steward_id = steward;
				k += size;
			}
		}
		// grid cells: cut the stripe at gaps between building rows, about 300-500 households each
		rows.sort((a, b) => a.y0 - b.y0);
		const cutYs: number[] = [];
		const groups: number[][] = [[]];
		const nextTarget = () => (overloaded ? rng.int(700, 1000) : rng.int(300, 500));
		let goal = nextTarget();
		let acc = 0;
		rows.forEach((rw, k) => {
			acc += rw.hh;
			groups[groups.length - 1].push(...rw.buildings);
			if (acc >= goal && k < rows.length - 1) {
				cutYs.push(r7((rw.y1 + rows[k + 1].y0) / 2));
				groups.push([]);
				acc = 0;
				goal = nextTarget();
			}
		});
		if (cutYs.length && acc < 150) {
			cutYs.pop();
			const last = groups.pop()!;
			groups[groups.length - 1].push(...last);
		}
		const ys = [rect[1], ...cutYs, rect[3]];
		for (let k = 0; k < ys.length - 1; k++) {
			const cellRect: Rect = [x0, ys[k], x1, ys[k + 1]];
			const geom = poly ? (clipRect(cellRect, poly, 0)?.geom ?? null) : rectMulti(cellRect);
			let cellId: number | null = null;
			if (geom) {
				cellId = base.grid_cells.length + 1;
				const no = base.grid_cells.filter((g) => g.community_id === row.id).length + 1;
				base.grid_cells.push({
					id: cellId,
					code: `${row.code}${String(no).padStart(2, '0')}`,
					name: `${row.name}第${no}网格`,
					community_id: row.id,
					district_id: community.districtId,
					worker_id: null,
					geom
				});
			}
			stripe.cuts.push({ y0: ys[k], y1: ys[k + 1], cell: cellId });
			for (const b of groups[k] ?? []) model.buildingCell[b - 1] = cellId;
		}
	}
	// grid workers: one each, a few cells without; 城建花苑's cells share one worker
	const cells = base.grid_cells.filter((g) => g.community_id === row.id);
	let chengjianWorker: number | null = null;
	const cjCells = new Set<number>();
	if (special === 'chengjian' && model.chengjian >= 0) {
		const cj = model.compounds[model.chengjian];
		for (const cut of cj.stripe.cuts)
			if (cut.cell && cut.y1 > cj.row.rect[1] && cut.y0 < cj.row.rect[3]) cjCells.add(cut.cell);
	}
	for (const cell of cells) {
		if (cjCells.has(cell.id)) {
			chengjianWorker ??= h.addPerson('grid_worker', row.id);
			cell.worker_id = chengjianWorker;
		} else {
			cell.worker_id = rng.chance(0.95) ? h.addPerson('grid_worker', row.id) : null;
		}
		model.cellWorker.set(cell.id, cell.worker_id);
	}
}

// ---------------------------------------------------------------------------------------------
// activity: tickets with their history, patrols with check-ins

const HOUR_WEIGHTS = [
	0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 7, 6, 3, 3.5, 6, 6.5, 6, 4.5, 3, 3.5, 3, 2, 1, 0.5
];
const TICKETS_PER_SCALE = 25_000;
/** Urgency follows the category, as in the app's SLA rules (sql/migrations/020_tickets.sql). */
const URGENCY: Record<TicketCategory, TicketRow['urgency']> = {
	water: 'urgent',
	electricity: 'urgent',
	elevator: 'urgent',
	safety: 'urgent',
	sanitation: 'normal',
	greenery: 'normal',
	parking: 'normal',
	facility_repair: 'normal',
	noise: 'normal',
	other: 'normal',
	dispute: 'complaint',
	property_service: 'complaint'
};

function cellAt(cm: CompoundModel, y: number): number | null {
	for (const c of cm.stripe.cuts) if (y >= c.y0 && y < c.y1) return c.cell;
	return cm.stripe.cuts[cm.stripe.cuts.length - 1]?.cell ?? null;
}

function* activity(model: Model): Generator<ActivityBatch> {
	const { base } = model;
	const now = base.now;
	const rng = new Random((base.seed ^ 0x5eed) >>> 0);
	const compoundTable = new WeightedTable(model.compounds.map((c) => c.row.households * (c.jizhou ? 4 : 1)));
	const categoryTable = new WeightedTable(TICKET_CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]));
	const hourTable = new WeightedTable(HOUR_WEIGHTS);
	const total = TICKETS_PER_SCALE * base.scale;
	const todayStart = Math.floor((now + SHANGHAI) / DAY) * DAY - SHANGHAI;
	let ticketId = 0;
	let eventId = 0;
	const sources: TicketRow['source'][] = [
		'hotline',
		'hotline',
		'hotline',
		'hotline',
		'ui',
		'ui',
		'open311',
		'api'
	];
	const slaHours = { urgent: 24, normal: 5 * 24, complaint: 15 * 24 };
	for (let d = 365; d >= 0; d--) {
		const dayStart = todayStart - d * DAY;
		const weekday = new Date(dayStart + SHANGHAI).getUTCDay();
		const growth = 0.85 + 0.3 * (1 - d / 365);
		const n = Math.round(
			(total / 366) * growth * (weekday === 0 || weekday === 6 ? 0.75 : 1.1) * rng.uniform(0.85, 1.15)
		);
		const times: number[] = [];
		for (let k = 0; k < n; k++) {
			const t = dayStart + hourTable.draw(rng.next()) * HOUR + Math.floor(rng.next() * HOUR);
			if (t <= now) times.push(t);
		}
		times.sort((a, b) => a - b);
		const batch: ActivityBatch = { tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
		for (const created of times) {
			let ci: number;
			let category: TicketCategory;
			if (model.hotspots.length && rng.chance(0.08)) {
				const hs = rng.pick(model.hotspots);
				ci = hs.compound;
				category = hs.category;
			} else {
				ci = compoundTable.draw(rng.next());
				category = TICKET_CATEGORIES[categoryTable.draw(rng.next())];
			}
			const cm = model.compounds[ci];
			let point: Point;
			let buildingId: number | null = null;
			if (cm.buildings.length && rng.chance(0.8)) {
				buildingId = rng.pick(cm.buildings);
				const r = base.buildings[buildingId - 1].rect;
				point = [r[0] + (r[2] - r[0]) * rng.uniform(0.1, 0.9), r[1] + (r[3] - r[1]) * rng.uniform(0.1, 0.9)];
			} else {
				point = marginPoint(rng, cm);
			}
			const cell = buildingId ? model.buildingCell[buildingId - 1] : cellAt(cm, point[1]);
			const community = model.communities[cm.communityIdx];
			const steward = buildingId ? base.buildings[buildingId - 1].steward_id : null;
			const assignee =
				(cell ? model.cellWorker.get(cell) : null) ??
				steward ??
				(cm.row.company_id ? model.companyHead.get(cm.row.company_id)! : community.committee[0]);
			const urgency = URGENCY[category];
			const id = ++ticketId;
			const due = created + slaHours[urgency] * HOUR;
			const t: TicketRow = {
				id,
				district_id: cm.row.district_id,
				code: `GD${new Date(created + SHANGHAI).toISOString().slice(0, 10).replaceAll('-', '')}${String(id).padStart(7, '0')}`,
				category,
				urgency,
				status: 'new',
				description: `${cm.row.name}${buildingId ? base.buildings[buildingId - 1].number : ''}：${rng.pick(CATEGORY_TEXT[category])}`,
				reporter_name: personName(rng),
				reporter_phone: mobilePhone(rng),
				source: rng.pick(sources),
				point,
				community_id: community.row.id,
				street_id: community.row.parent_id!,
				grid_cell_id: cell,
				compound_id: cm.row.id,
				building_id: buildingId,
				company_id: cm.row.company_id,
				assignee_id: null,
				created_at: created,
				accept_due_at: created + 2 * HOUR,
				due_at: due,
				resolved_at: null,
				closed_at: null,
				satisfaction: null
			};
			const ev = (
				at: number,
				kind: TicketEventRow['kind'],
				from: string | null,
				to: TicketRow['status'],
				note: string | null = null
			) => {
				if (at > now) return false;
				batch.ticket_events.push({
					id: ++eventId,
					ticket_id: id,
					district_id: t.district_id,
					at,
					kind,
					from_status: from,
					to_status: to,
					note
				});
				t.status = to;
				return true;
			};
			ev(created, 'created', null, 'new', t.source === 'hotline' ? '12345热线转办' : null);
			if (rng.chance(0.02)) {
				ev(created + rng.uniform(0.3, 6) * HOUR, 'rejected', 'new', 'rejected', '重复工单，已合并处理');
			} else {
				const assignAt = created + rng.logNormal(8, 0.8) * 60_000;
				const acceptAt = assignAt + rng.logNormal(35, 0.9) * 60_000;
				const startAt =
					acceptAt + rng.logNormal(urgency === 'urgent' ? 1 : urgency === 'normal' ? 6 : 24, 0.7) * HOUR;
				const median = urgency === 'urgent' ? 10 : urgency === 'normal' ? 2.2 * 24 : 6 * 24;
				const resolveAt = Math.max(startAt + 10 * 60_000, created + rng.logNormal(median, 0.7) * HOUR);
				const closeAt = resolveAt + rng.logNormal(1.5, 0.6) * DAY;
				const stalled = rng.chance(0.015);
				if (ev(assignAt, 'assigned', 'new', 'assigned')) t.assignee_id = assignee;
				if (
					ev(acceptAt, 'accepted', 'assigned', 'accepted') &&
					ev(startAt, 'started', 'accepted', 'in_progress') &&
					!stalled
				) {
					if (ev(resolveAt, 'resolved', 'in_progress', 'resolved', '已处理完毕')) t.resolved_at = resolveAt;
					if (t.resolved_at && ev(closeAt, 'closed', 'resolved', 'closed', '回访确认')) {
						t.closed_at = closeAt;
						if (rng.chance(0.65))
							t.satisfaction = 1 + rng.weighted(resolveAt > due ? [15, 20, 30, 25, 10] : [3, 5, 12, 35, 45]);
					}
				}
			}
			batch.tickets.push(t);
		}
		yield batch;
	}

	// patrols: the 吉州区 grid workers, about once a week for 13 weeks
	const workerBuildings = new Map<number, number[]>();
	base.buildings.forEach((b, k) => {
		const cell = model.buildingCell[k];
		const w = cell ? model.cellWorker.get(cell) : null;
		if (!w || !model.compounds[b.compound_id - 1].jizhou) return;
		let list = workerBuildings.get(w);
		if (!list) workerBuildings.set(w, (list = []));
		list.push(b.id);
	});
	let patrolId = 0;
	let checkinId = 0;
	let batch: ActivityBatch = { tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
	for (const [worker, list] of workerBuildings) {
		const district = base.buildings[list[0] - 1].district_id;
		for (let week = 12; week >= 0; week--) {
			const start = todayStart - (week * 7 + rng.int(0, 6)) * DAY + rng.uniform(8.5, 16) * HOUR;
			if (start > now) continue;
			const visits = Array.from({ length: Math.min(list.length, rng.int(4, 8)) }, () => rng.pick(list));
			const unique = [...new Set(visits)].sort(
				(a, b) => base.buildings[a - 1].rect[0] - base.buildings[b - 1].rect[0]
			);
			const duration = rng.uniform(40, 120) * 60_000;
			const id = ++patrolId;
			const track: Point[] = [];
			const step = duration / (unique.length + 1);
			unique.forEach((bid, k) => {
				const r = base.buildings[bid - 1].rect;
				const lat = (r[1] + r[3]) / 2;
				const mx = mPerDegLon(lat);
				const p: Point = [
					(r[0] + r[2]) / 2 + rng.uniform(-20, 20) / mx,
					lat + rng.uniform(-20, 20) / M_PER_DEG_LAT
				];
				const dx = Math.max(0, Math.abs(p[0] - (r[0] + r[2]) / 2) - (r[2] - r[0]) / 2) * mx;
				const dy = Math.max(0, Math.abs(p[1] - lat) - (r[3] - r[1]) / 2) * M_PER_DEG_LAT;
				track.push(p);
				const at = start + step * (k + 1);
				if (at <= now)
					batch.patrol_checkins.push({
						id: ++checkinId,
						patrol_id: id,
						building_id: bid,
						at,
						point: p,
						distance_m: Math.round(Math.hypot(dx, dy) * 10) / 10
					});
			});
			if (track.length === 1) track.push([track[0][0] + 30 / mPerDegLon(track[0][1]), track[0][1]]);
			const end = start + duration;
			batch.patrols.push({
				id,
				worker_id: worker,
				district_id: district,
				started_at: start,
				ended_at: end <= now ? end : null,
				track
			});
		}
		if (batch.patrols.length >= 5000) {
			yield batch;
			batch = { tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
		}
	}
	if (batch.patrols.length) yield batch;
}

/** The static part of the city plus a generator of its activity in batches (bounded memory). */
export function buildCity(opts: GenerateOptions = {}): {
	base: CityBase;
	activity: () => Generator<ActivityBatch>;
} {
	const model = buildModel(opts);
	return { base: model.base, activity: () => activity(model) };
}

/** The whole city as plain arrays of rows, one per table. Same options, same city. */
export function generateCity(opts: GenerateOptions = {}): City {
	const { base, activity: batches } = buildCity(opts);
	const city: City = { ...base, tickets: [], ticket_events: [], patrols: [], patrol_checkins: [] };
	for (const b of batches()) {
		for (const t of b.tickets) city.tickets.push(t);
		for (const e of b.ticket_events) city.ticket_events.push(e);
		for (const p of b.patrols) city.patrols.push(p);
		for (const c of b.patrol_checkins) city.patrol_checkins.push(c);
	}
	return city;
}
