// From the solver's answer to what the planner reads: sites ranked with their added households,
// coverage before / after overall and per street and community, and each building's state for the
// map. Pure: the database work happens in service.ts.
import type { SitingResult } from '$lib/siting';
import type { EdgePoint } from '$lib/siting/network';
import type { AreaCoverage, DemandPoint, ProposedSite } from '$lib/planning/types';
import type { SitingTotals } from '$lib/api-types';
import type { Measure } from '../coverage/reach';

export interface DemandRow {
	id: number;
	households: number;
	communityId: number;
	streetId: number | null;
	lon: number;
	lat: number;
	/** EPSG:4547 metres. */
	x: number;
	y: number;
	/** Reached by an existing facility (decided in PostGIS: building_walk, or straight line × detour). */
	covered: boolean;
	/** How this building's figure is measured: a walk over the road network, or straight line × detour. */
	rule: Measure;
	/** Where it meets the network (rule 'network' only): walk_edges id, fraction along, access leg (m). */
	edgeId: number | null;
	frac: number | null;
	accessM: number | null;
}

export interface Candidate {
	id: string | number;
	lon: number;
	lat: number;
	x: number;
	y: number;
	/** On the network (snapped within 100 m of it, the position above being the snapped point), or null. */
	at?: EdgePoint | null;
}

/** The demand points (indices) a candidate reaches, whether reached before or not. */
export type ReachOf = (candidate: number) => readonly number[];

/** Reach by plane distance in EPSG:4547 ≤ radius (boundary included): the straight-line rule of the solver. */
export function planeReach(
	demand: readonly DemandRow[],
	candidates: readonly Candidate[],
	radius: number
): ReachOf {
	const r2 = radius * radius;
	return (j) => {
		const c = candidates[j];
		const out: number[] = [];
		demand.forEach((d, i) => {
			const dx = d.x - c.x;
			const dy = d.y - c.y;
			if (dx * dx + dy * dy <= r2) out.push(i);
		});
		return out;
	};
}

export interface SiteArea {
	community: string | null;
	street: string | null;
}

export interface Summary {
	sites: ProposedSite[];
	areas: AreaCoverage[];
	demand: DemandPoint[];
	totals: SitingTotals;
}

/**
 * The run's figures: `reachOf` says which demand points each candidate reaches (planeReach, or walks
 * over the network); the sites' added households are the solver's, their straight-line share
 * (`addedStraightLineHouseholds`: buildings more than 100 m from the network) recounted here in rank order.
 */
export function summarise(
	demand: readonly DemandRow[],
	candidates: readonly Candidate[],
	reachOf: ReachOf,
	result: Pick<SitingResult, 'sites' | 'unreachableWeight'> | null,
	siteAreas: readonly SiteArea[],
	areaNames: ReadonlyMap<number, { name: string; level: 'street' | 'community' }>
): Summary {
	const households = demand.reduce((a, d) => a + d.households, 0);
	const before = demand.reduce((a, d) => a + (d.covered ? d.households : 0), 0);
	const networkHouseholds = demand.reduce((a, d) => a + (d.rule === 'network' ? d.households : 0), 0);
	const reached = new Uint8Array(demand.length);
	const straightAdded = (result?.sites ?? []).map((s) => {
		let added = 0;
		for (const i of reachOf(s.index)) {
			const d = demand[i];
			if (d.covered || reached[i]) continue;
			reached[i] = 1;
			if (d.rule === 'straight-line') added += d.households;
		}
		return added;
	});

	let cumulative = before;
	const sites: ProposedSite[] = (result?.sites ?? []).map((s, i) => {
		cumulative += s.addedWeight;
		const c = candidates[s.index];
		return {
			rank: i + 1,
			id: c.id,
			lon: c.lon,
			lat: c.lat,
			community: siteAreas[i]?.community ?? null,
			street: siteAreas[i]?.street ?? null,
			addedHouseholds: s.addedWeight,
			addedStraightLineHouseholds: straightAdded[i],
			addedBuildings: s.addedPoints,
			cumulativeHouseholds: cumulative,
			cumulativeShare: households > 0 ? cumulative / households : 1
		};
	});

	const per = new Map<number, AreaCoverage>();
	const bump = (id: number | null, d: DemandRow, after: boolean) => {
		if (id === null) return;
		const meta = areaNames.get(id);
		if (!meta) return;
		let row = per.get(id);
		if (!row)
			per.set(id, (row = { id, name: meta.name, level: meta.level, households: 0, before: 0, after: 0 }));
		row.households += d.households;
		if (d.covered) row.before += d.households;
		if (after) row.after += d.households;
	};
	let after = 0;
	const points: DemandPoint[] = demand.map((d, i) => {
		const isAfter = d.covered || reached[i] === 1;
		if (isAfter) after += d.households;
		bump(d.communityId, d, isAfter);
		bump(d.streetId, d, isAfter);
		return [
			d.lon,
			d.lat,
			d.households,
			d.covered ? 1 : reached[i] ? 2 : 0,
			d.rule === 'straight-line' ? 1 : 0
		];
	});
	const levelOrder = { street: 0, community: 1 };
	const areas = [...per.values()].sort(
		(a, b) =>
			levelOrder[a.level] - levelOrder[b.level] || a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id
	);
	return {
		sites,
		areas,
		demand: points,
		totals: {
			buildings: demand.length,
			households,
			networkHouseholds,
			before,
			after,
			beforeShare: households > 0 ? before / households : 1,
			afterShare: households > 0 ? after / households : 1,
			newlyCovered: after - before,
			unreachable: result ? result.unreachableWeight : before === households ? 0 : null
		}
	};
}
