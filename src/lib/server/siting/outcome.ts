// From the solver's answer to what the planner reads: sites ranked with their added households,
// coverage before / after overall and per street and community, and each building's state for the
// map. Pure: the database work happens in service.ts.
import type { SitingResult } from '$lib/siting';
import type { AreaCoverage, DemandPoint, ProposedSite } from '$lib/planning/types';

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
	/** Reached by an existing facility (decided in PostGIS). */
	covered: boolean;
}

export interface Candidate {
	id: string | number;
	lon: number;
	lat: number;
	x: number;
	y: number;
}

export interface SiteArea {
	community: string | null;
	street: string | null;
}

export interface Summary {
	sites: ProposedSite[];
	areas: AreaCoverage[];
	demand: DemandPoint[];
	totals: {
		buildings: number;
		households: number;
		before: number;
		after: number;
		beforeShare: number;
		afterShare: number;
		newlyCovered: number;
		unreachable: number | null;
	};
}

/**
 * Which of the demand points not reached before each chosen site reaches: plane distance in
 * EPSG:4547 ≤ radius, the solver's own rule (boundary included).
 */
export function newlyReached(
	demand: readonly DemandRow[],
	sites: readonly { x: number; y: number }[],
	radius: number
): Uint8Array {
	const reached = new Uint8Array(demand.length);
	const r2 = radius * radius;
	for (let i = 0; i < demand.length; i++) {
		const d = demand[i];
		if (d.covered) continue;
		for (const s of sites) {
			const dx = d.x - s.x;
			const dy = d.y - s.y;
			if (dx * dx + dy * dy <= r2) {
				reached[i] = 1;
				break;
			}
		}
	}
	return reached;
}

export function summarise(
	demand: readonly DemandRow[],
	candidates: readonly Candidate[],
	radius: number,
	result: Pick<SitingResult, 'sites' | 'unreachableWeight'> | null,
	siteAreas: readonly SiteArea[],
	areaNames: ReadonlyMap<number, { name: string; level: 'street' | 'community' }>
): Summary {
	const households = demand.reduce((a, d) => a + d.households, 0);
	const before = demand.reduce((a, d) => a + (d.covered ? d.households : 0), 0);
	const chosen = (result?.sites ?? []).map((s) => candidates[s.index]);
	const reached = newlyReached(demand, chosen, radius);

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
		return [d.lon, d.lat, d.households, d.covered ? 1 : reached[i] ? 2 : 0];
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
			before,
			after,
			beforeShare: households > 0 ? before / households : 1,
			afterShare: households > 0 ? after / households : 1,
			newlyCovered: after - before,
			unreachable: result ? result.unreachableWeight : before === households ? 0 : null
		}
	};
}
