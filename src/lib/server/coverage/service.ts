// The four coverage gaps, each as a table (per child area, with the total) and as GeoJSON for the map:
// party organizations of property companies, facilities by life circle (the one reach rule of
// reach.ts / facility_reach), stewards and grid cells, and patrols. All computed in PostGIS.
import { z } from 'zod';
import { decimal } from '../input';
import { isoDay } from '../input';
import { beijingToday } from '$lib/days';
import { db } from '../db/pool';
import type { Scope } from '../auth/roles';
import { InputError } from '../http';
import { AreaParam, byChild, frameOf, type Frame } from '../analysis/frame';
import { analysisQuery } from '../analysis/query';
import { layerState, questionKey, snapshot } from '../analysis/snapshot';
import { reachRules, walkRule } from './reach';
import type {
	AreaRef,
	PartyCounts,
	PartyCoverage,
	PartyCoverageRow,
	PartyMonth,
	UncoveredCompany
} from '../../api-types';
import partySql from './party.sql?raw';
import partyUncoveredSql from './party-uncovered.sql?raw';
import partyMapSql from './party-map.sql?raw';
import partyMonthlySql from './party-monthly.sql?raw';
import facilitiesSql from './facilities.sql?raw';
import facilitiesMapSql from './facilities-map.sql?raw';
import stewardsSql from './stewards.sql?raw';
import stewardsMapSql from './stewards-map.sql?raw';
import patrolSql from './patrol.sql?raw';
import patrolMapSql from './patrol-map.sql?raw';

const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const format = z.enum(['json', 'geojson']).default('json');

// ── 1. party organizations of property companies ─────────────────────────────────────────────────

/** What party coverage reads: party organizations, their links and instructors, companies, compounds, areas. */
const PARTY_DATA = layerState(['areas', 'companies', 'compounds', 'party-orgs']);

export const PartyQuery = z.object({
	area: AreaParam,
	days: decimal(z.number().int().min(1).max(366).default(90)),
	// as of the end of that Beijing day (links, instructors and organizations carry their dates)
	at: isoDay()
		.refine((d) => d <= beijingToday(), 'must not be in the future')
		.optional(),
	format
});

export const PartyMonthlyQuery = z.object({
	area: AreaParam,
	months: decimal(z.number().int().min(1).max(120).default(12))
});

const partyRates = <C extends PartyCounts>(c: C): C & PartyCoverageRow => ({
	...c,
	companyCoverage: share(c.own + c.joint, c.companies),
	householdCoverage: share(c.coveredHouseholds, c.managedHouseholds)
});
const EMPTY_PARTY: PartyCounts = {
	companies: 0,
	own: 0,
	joint: 0,
	instructor: 0,
	none: 0,
	managedHouseholds: 0,
	coveredHouseholds: 0,
	selfManagedHouseholds: 0
};

/**
 * Party coverage of the area (default: the user's own, or the city) and of each child area, at the end of
 * Beijing day `at` (default today), with the companies not covered and their tickets over `days` days.
 * Both are kept (analysis/snapshot.ts): the coverage while the party organizations, companies,
 * compounds and areas are unchanged; the uncovered companies' tickets, every ticket of the window
 * (1–2 s for the city at scale 40), also at most REDGRID_FIGURES_MAX_AGE_SECONDS. `asOf` is when the
 * older of the two was counted. Errors: 404 an unknown area, 403 one out of scope.
 */
export async function partyCoverage(q: z.infer<typeof PartyQuery>, scope: Scope): Promise<PartyCoverage> {
	const frame = await frameOf(q.area, scope);
	const at = q.at ?? beijingToday();
	const [counts, uncovered] = await Promise.all([
		snapshot(
			questionKey('coverage/party', frame.area.id, at),
			() => analysisQuery<PartyCounts & { key: number }>(partySql, [frame.area.id, at]),
			{ state: PARTY_DATA }
		),
		snapshot(
			questionKey('coverage/party-uncovered', frame.area.id, q.days, at),
			() => analysisQuery<UncoveredCompany>(partyUncoveredSql, [frame.area.id, q.days, at]),
			{ state: PARTY_DATA, ages: true }
		)
	]);
	const { total, children } = byChild(frame, counts.value, () => ({ ...EMPTY_PARTY }));
	return {
		area: frame.area,
		days: q.days,
		at,
		asOf: new Date(Math.min(counts.asOf.getTime(), uncovered.asOf.getTime())).toISOString(),
		total: partyRates(total),
		children: children.map((c) => ({ ...partyRates(c), area: c.area })),
		uncovered: uncovered.value
	};
}

export async function partyMap(q: z.infer<typeof PartyQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	return (
		await analysisQuery<{ fc: GeoJSON.FeatureCollection }>(partyMapSql, [frame.area.id, q.days, q.at ?? null])
	)[0].fc;
}

/**
 * The coverage at each of the last `months` month ends (the current month: today), oldest first; kept
 * as partyCoverage's counts are (`asOf`).
 */
export async function partyMonthly(
	q: z.infer<typeof PartyMonthlyQuery>,
	scope: Scope
): Promise<{ area: AreaRef; asOf: string; months: PartyMonth[] }> {
	const frame = await frameOf(q.area, scope);
	const stored = await snapshot(
		questionKey('coverage/party-monthly', frame.area.id, q.months, beijingToday()),
		() =>
			analysisQuery<PartyCounts & { month: string; date: string }>(partyMonthlySql, [
				frame.area.id,
				q.months
			]),
		{ state: PARTY_DATA }
	);
	return { area: frame.area, asOf: stored.asOf.toISOString(), months: stored.value.map(partyRates) };
}

/**
 * What facility coverage reads (building_walk and building_reach are kept from these by triggers; the
 * walk network is rebuilt from the roads, which are the base map's): while these are unchanged the
 * stored counts are exact, however old.
 */
const FACILITY_DATA = layerState(
	['areas', 'basemap', 'buildings', 'compounds', 'facilities', 'facility-reach'],
	{
		walkNetwork: true
	}
);
/** What the stewards' tab reads: buildings (with their stewards), the people (retired or not), compounds, grid cells (with their workers), areas. */
const STEWARD_DATA = layerState(['areas', 'buildings', 'compounds', 'grid-cells', 'people']);

// ── 2. facilities by GB 50180-2018 life circle ───────────────────────────────────────────────────
const bbox = z
	.string()
	.regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'minLon,minLat,maxLon,maxLat')
	.transform((s) => s.split(',').map(Number) as [number, number, number, number])
	.optional();

export const FacilityQuery = z.object({
	area: AreaParam,
	type: z.string().max(40).optional(),
	bbox,
	limit: decimal(z.number().int().min(1).max(50_000).default(20_000)),
	format
});

/**
 * Households reached per facility type, in the area and per child, as counted at `asOf` (the counts
 * are kept as the steward tab's are: analysis/snapshot.ts). `method` is the rule in force:
 * 'network' (walks over the road network, README "Walking distance") or 'straight-line × detour' (no
 * pgRouting or no roads: `network` says which); per type, `networkHouseholds` of the `households`
 * were measured on the network, the rest by straight line × detour (more than 100 m from it).
 * Errors: 400 naming `type` (unknown), `area` (unknown; out of scope 403).
 */
export async function facilityCoverage(q: z.infer<typeof FacilityQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	const rules = await reachRules();
	if (q.type !== undefined && !rules.some((r) => r.type === q.type))
		throw new InputError(400, 'type', `unknown facility type "${q.type}"`);
	// every building of the area against the facility types reaching it (building_walk: about ten
	// rows per building): 14–27 s for the city at scale 40, so the answer is kept (analysis/snapshot.ts)
	const [stored, network] = await Promise.all([
		snapshot(
			`coverage/facilities:${frame.area.id}`,
			() =>
				analysisQuery<{
					key: number;
					type: string;
					households: number;
					reached: number;
					networkHouseholds: number;
				}>(facilitiesSql, [frame.area.id]),
			{ state: FACILITY_DATA }
		),
		walkRule()
	]);
	const rows = stored.value;
	const types = q.type ? rules.filter((r) => r.type === q.type) : rules;
	const of = (key: number) =>
		types.map((rule) => {
			const r = rows.find((x) => Number(x.key) === key && x.type === rule.type);
			const households = r?.households ?? 0;
			const reached = r?.reached ?? 0;
			const networkHouseholds = r?.networkHouseholds ?? 0;
			return { type: rule.type, households, reached, share: share(reached, households), networkHouseholds };
		});
	return {
		area: frame.area,
		// the reach rule in force, as the UI must say; per type, how many households were measured on the network
		method: network === 'network' ? ('network' as const) : ('straight-line × detour' as const),
		network,
		/** when these counts were made (ISO 8601; kept at most REDGRID_FIGURES_MAX_AGE_SECONDS) */
		asOf: stored.asOf.toISOString(),
		rules,
		total: of(0),
		children: frame.children.map((area) => ({ area, types: of(area.id) }))
	};
}

/**
 * GeoJSON points of the area's buildings that no facility of `type` reaches, most households first;
 * each with `rule` ('network' or 'straight-line') and `distanceM` (see facilities-map.sql).
 */
export async function facilityMap(q: z.infer<typeof FacilityQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	const rules = await reachRules();
	if (!q.type) throw new InputError(400, 'type', 'required for the map layer');
	if (!rules.some((r) => r.type === q.type))
		throw new InputError(400, 'type', `unknown facility type "${q.type}"`);
	const [r] = await analysisQuery<{ fc: GeoJSON.FeatureCollection; n: number }>(facilitiesMapSql, [
		frame.area.id,
		q.type,
		...(q.bbox ?? [null, null, null, null]),
		q.limit
	]);
	return r.fc;
}

// ── 3. stewards and grid cells ───────────────────────────────────────────────────────────────────
export const StewardQuery = z.object({
	area: AreaParam,
	// households one grid worker can serve (DESIGN: a grid cell is roughly 300–500 households)
	maxHouseholds: decimal(z.number().int().min(1).max(100_000).default(500)),
	format
});

interface StewardCounts {
	buildings: number;
	households: number;
	buildingsWithoutSteward: number;
	householdsWithoutSteward: number;
	buildingsOutsideCells: number;
	householdsOutsideCells: number;
	cells: number;
	cellsWithoutWorker: number;
	cellsOverCapacity: number;
}

export async function stewardCoverage(q: z.infer<typeof StewardQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	// every building against every cell of the area: seconds at city scale, so the answer is kept
	const stored = await snapshot(
		`coverage/stewards:${frame.area.id}:${q.maxHouseholds}`,
		() => analysisQuery<StewardCounts & { key: number }>(stewardsSql, [frame.area.id, q.maxHouseholds]),
		{ state: STEWARD_DATA }
	);
	const rows = stored.value;
	const empty = (): StewardCounts => ({
		buildings: 0,
		households: 0,
		buildingsWithoutSteward: 0,
		householdsWithoutSteward: 0,
		buildingsOutsideCells: 0,
		householdsOutsideCells: 0,
		cells: 0,
		cellsWithoutWorker: 0,
		cellsOverCapacity: 0
	});
	const rates = (c: StewardCounts) => ({
		...c,
		stewardCoverage: share(c.buildings - c.buildingsWithoutSteward, c.buildings),
		gridCoverage: share(c.households - c.householdsOutsideCells, c.households)
	});
	const { total, children } = byChild(frame, rows, empty);
	return {
		area: frame.area,
		maxHouseholds: q.maxHouseholds,
		/** when these counts were made (ISO 8601; kept at most REDGRID_FIGURES_MAX_AGE_SECONDS) */
		asOf: stored.asOf.toISOString(),
		total: rates(total),
		children: children.map((c) => ({ ...rates(c), area: c.area }))
	};
}

export async function stewardMap(q: z.infer<typeof StewardQuery>, scope: Scope) {
	const frame = await frameOf(q.area, scope);
	return (
		await analysisQuery<{ fc: GeoJSON.FeatureCollection }>(stewardsMapSql, [frame.area.id, q.maxHouseholds])
	)[0].fc;
}

// ── 4. patrols ───────────────────────────────────────────────────────────────────────────────────
export const PatrolQuery = z.object({
	area: AreaParam,
	days: decimal(z.number().int().min(1).max(366).default(30)),
	/** at most this many cells in `cells`, the least patrolled first (a city has tens of thousands) */
	limit: decimal(z.number().int().min(1).max(50_000).default(200)),
	format
});

interface CellPatrol {
	id: number;
	code: string;
	name: string;
	communityId: number;
	buildings: number;
	unchecked: number;
	uncheckedHouseholds: number;
}

/** A grid worker sees the cells they work (whatever area is asked); others their area, in scope. */
async function patrolFrame(
	area: number | undefined,
	scope: Scope
): Promise<{ frame: Frame; worker: number | null }> {
	if (scope.kind === 'grid_cells') {
		const city = await db().query(`SELECT id FROM areas WHERE level = 'city' ORDER BY id LIMIT 1`);
		return { frame: await frameOf(city.rows[0].id, { kind: 'all' }), worker: scope.personId };
	}
	return { frame: await frameOf(area, scope), worker: null };
}

/**
 * Patrol coverage of an area over the last `days` days: per grid cell, its buildings and those
 * nobody checked in at (the `limit` least patrolled cells); rolled up to the area and its children.
 * - A grid worker's own cells are counted on every request: their coverage moves when they check in.
 * - Anyone else's area is every building against every cell (1.5–1.8 s for the city at scale 40):
 *   the counts are kept as the steward tab's are (analysis/snapshot.ts) and `asOf` says when they
 *   were made; null when counted for this request.
 */
export async function patrolCoverage(q: z.infer<typeof PatrolQuery>, scope: Scope) {
	const { frame, worker } = await patrolFrame(q.area, scope);
	const count = () => analysisQuery<CellPatrol>(patrolSql, [frame.area.id, q.days, worker]);
	const stored = worker === null ? await snapshot(`coverage/patrol:${frame.area.id}:${q.days}`, count) : null;
	const cells = stored ? stored.value : await count();
	// roll the cells up to the children (cells hang off communities, whose path names the child)
	const { rows: paths } = await db().query<{ id: number; path: number[] }>(
		`SELECT id, path FROM areas WHERE path @> ARRAY[$1::int] AND level = 'community'`,
		[frame.area.id]
	);
	const pathOf = new Map(paths.map((p) => [p.id, p.path]));
	const sum = (cs: CellPatrol[]) => {
		const buildings = cs.reduce((s, c) => s + c.buildings, 0);
		const unchecked = cs.reduce((s, c) => s + c.unchecked, 0);
		return { cells: cs.length, buildings, unchecked, share: share(unchecked, buildings) };
	};
	return {
		area: frame.area,
		days: q.days,
		/** when these counts were made (ISO 8601), or null: counted for this request */
		asOf: stored ? stored.asOf.toISOString() : null,
		total: sum(cells),
		children: frame.children.map((area) => ({
			area,
			...sum(cells.filter((c) => pathOf.get(c.communityId)?.includes(area.id)))
		})),
		/** the area's cells, the least patrolled first (patrol.sql's order), at most `limit` of them */
		cells: cells.slice(0, q.limit).map((c) => ({ ...c, share: share(c.unchecked, c.buildings) })),
		/** how many cells the area has (more than `cells.length` when `limit` cut the list) */
		cellsTotal: cells.length
	};
}

export async function patrolMap(q: z.infer<typeof PatrolQuery>, scope: Scope) {
	const { frame, worker } = await patrolFrame(q.area, scope);
	return (
		await analysisQuery<{ fc: GeoJSON.FeatureCollection }>(patrolMapSql, [frame.area.id, q.days, worker])
	)[0].fc;
}
