// Facility siting as the planning page and integrations see it: the request of POST /api/siting and
// the run that GET /api/siting/{id} answers. Shared by the server and the page.
import type { SitingTotals } from '$lib/api-types';

export const LIFE_CIRCLES = ['5min', '10min', '15min'] as const;
export type LifeCircleLevel = (typeof LIFE_CIRCLES)[number];
export const CANDIDATE_CRS = ['wgs84', 'gcj02', 'bd09'] as const;

/** Candidate sites: a grid over built-up land, or points / polygons (their centroids) from the client. */
export type CandidateSpec =
	| { kind: 'grid'; spacing?: number }
	| { kind: 'geojson'; geojson: unknown; crs?: (typeof CANDIDATE_CRS)[number] };

export interface SitingRequest {
	/** Facility type (a row of facility_reach). */
	type: string;
	/** Walking distance by life circle; default the type's own level. */
	lifeCircle?: LifeCircleLevel;
	/** Or a walking distance in metres (overrides lifeCircle). */
	walkM?: number;
	/** Number of new sites (MCLP) … */
	k?: number;
	/** … or the share of households to reach with the fewest sites (set covering). */
	target?: number;
	/** Restrict demand (and grid candidates) to this area's subtree. */
	areaId?: number;
	candidates: CandidateSpec;
	/** auto: exact MIP when the instance is small, else the heuristic. */
	method?: 'auto' | 'heuristic';
}

export interface SitingProgressView {
	phase: string;
	fraction: number;
	bestHouseholds?: number;
	message?: string;
}

export interface ProposedSite {
	rank: number;
	id: string | number;
	lon: number;
	lat: number;
	community: string | null;
	street: string | null;
	/** Households newly reached by this site, given the sites ranked before it. */
	addedHouseholds: number;
	/** Of those, the households measured by straight line × detour (buildings more than 100 m from the network). */
	addedStraightLineHouseholds: number;
	addedBuildings: number;
	/** Households reached (existing + sites up to this rank) and their share. */
	cumulativeHouseholds: number;
	cumulativeShare: number;
}

export interface AreaCoverage {
	id: number;
	name: string;
	level: 'street' | 'community';
	households: number;
	before: number;
	after: number;
}

/**
 * Demand points for the map: [lon, lat, households, state, straightLine]; state 0 unreached, 1 reached
 * before, 2 newly; straightLine 1 when the building's figure is straight line × detour (no network in
 * force, or the building more than 100 m from it), 0 when it is a walk over the road network.
 */
export type DemandPoint = [number, number, number, 0 | 1 | 2, 0 | 1];

export interface SitingOutcome {
	problem: 'mclp' | 'set-cover';
	rule: {
		type: string;
		lifeCircle: LifeCircleLevel | null;
		walkM: number;
		detour: number;
		radiusM: number;
		/**
		 * How reach is measured: 'network' (walks over the road network, README "Walking distance"; a
		 * building more than 100 m from it by straight line × detour, flagged per building) or
		 * 'straight-line' (no network in force, or a walk longer than the 1,000 m the walks are kept to).
		 */
		measure: 'network' | 'straight-line';
		/** 'network', 'no-pgrouting', 'no-network' (walk_rule()), or 'walk-too-long' (walk above 1,000 m). */
		network: string;
	};
	areaId: number | null;
	k: number | null;
	target: number | null;
	reached: boolean | null;
	/** snapped: candidates moved onto the road network (within 100 m of it); the rest reach by straight line only */
	candidates: { kind: 'grid' | 'geojson'; count: number; spacing: number | null; snapped: number };
	totals: SitingTotals;
	sites: ProposedSite[];
	areas: AreaCoverage[];
	solver: {
		method: string;
		gap: number | null;
		heuristicGap: number | null;
		timeMs: number;
		groups: number;
		exact: string | null;
		/** English, for logs and scripts */
		warnings: string[];
		/** the same as codes and values, for the interface (i18n planning.notice.<code>) */
		notices: { code: string; values: Record<string, string | number> }[];
	};
	existing: { id: number; name: string; lon: number; lat: number }[];
	outlines: unknown;
	demand?: DemandPoint[];
}

/** GET /api/siting/context: what the planning map shows before a run (state 0 unreached, 1 reached). */
export interface SitingContext {
	rule: SitingOutcome['rule'];
	areaId: number | null;
	totals: Pick<SitingTotals, 'buildings' | 'households' | 'networkHouseholds' | 'before' | 'beforeShare'>;
	areas: Omit<AreaCoverage, 'after'>[];
	existing: SitingOutcome['existing'];
	/** the existing facilities' reach as areas (GeoJSON polygons) */
	reach: unknown;
	outlines: unknown;
	demand: DemandPoint[];
}

export interface SitingRun {
	id: string;
	status: 'queued' | 'running' | 'done' | 'failed';
	progress: SitingProgressView;
	request: SitingRequest;
	result: SitingOutcome | null;
	error: { message: string; field?: string } | null;
	createdAt: string;
	finishedAt: string | null;
}
