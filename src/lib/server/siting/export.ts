// Exports of a finished run: the proposed sites as GeoJSON (WGS84) and as CSV (UTF-8 with a BOM so
// that spreadsheet programs read the Chinese names). Pure. Each site says how its households were
// measured: `measure` (the run's rule: 'network' walks, or 'straight-line' × detour) and, of its added
// households, those measured by straight line (buildings more than 100 m from the network).
import type { SitingOutcome } from '$lib/planning/types';
import { toCsv } from '$lib/csv';

export function sitesGeoJson(runId: string, o: SitingOutcome) {
	return {
		type: 'FeatureCollection' as const,
		// foreign members: what the sites were chosen for
		siting: {
			run: runId,
			facilityType: o.rule.type,
			walkM: o.rule.walkM,
			// how the figures were measured: walks over the road network, or straight line × detour
			measure: o.rule.measure,
			detour: o.rule.detour,
			radiusM: o.rule.radiusM,
			households: o.totals.households,
			before: o.totals.before,
			after: o.totals.after,
			beforeShare: o.totals.beforeShare,
			afterShare: o.totals.afterShare,
			method: o.solver.method
		},
		features: o.sites.map((s) => ({
			type: 'Feature' as const,
			id: s.rank,
			geometry: { type: 'Point' as const, coordinates: [round(s.lon, 7), round(s.lat, 7)] },
			properties: {
				rank: s.rank,
				candidate: s.id,
				community: s.community,
				street: s.street,
				addedHouseholds: s.addedHouseholds,
				addedStraightLineHouseholds: s.addedStraightLineHouseholds,
				measure: o.rule.measure,
				addedBuildings: s.addedBuildings,
				cumulativeHouseholds: s.cumulativeHouseholds,
				cumulativeShare: round(s.cumulativeShare, 6)
			}
		}))
	};
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

export const CSV_HEADER = [
	'rank',
	'candidate',
	'lon',
	'lat',
	'street',
	'community',
	'added_households',
	'added_straight_line_households',
	'measure',
	'added_buildings',
	'cumulative_households',
	'cumulative_share'
];

export function sitesCsv(o: SitingOutcome): string {
	const rows = o.sites.map((s) => [
		s.rank,
		s.id,
		round(s.lon, 7),
		round(s.lat, 7),
		s.street,
		s.community,
		s.addedHouseholds,
		s.addedStraightLineHouseholds,
		o.rule.measure,
		s.addedBuildings,
		s.cumulativeHouseholds,
		round(s.cumulativeShare, 6)
	]);
	return toCsv(CSV_HEADER, rows);
}

const RUN_PATH = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.([a-z]+))?$/i;
export const RUN_FORMATS = ['json', 'geojson', 'csv'] as const;
export type RunFormat = (typeof RUN_FORMATS)[number];

/** `{uuid}` or `{uuid}.geojson|.csv|.json` (or ?format=) → id and format; null field name on error. */
export function parseRunPath(
	raw: string,
	formatParam: string | null
): { id: string; format: RunFormat } | { field: 'id' | 'format'; message: string } {
	const m = RUN_PATH.exec(raw);
	if (!m) return { field: 'id', message: 'must be a run id (a UUID), optionally with .geojson or .csv' };
	const format = (m[2] ?? formatParam ?? 'json').toLowerCase();
	if (!(RUN_FORMATS as readonly string[]).includes(format))
		return { field: 'format', message: `must be json, geojson or csv; got "${format}"` };
	return { id: m[1].toLowerCase(), format: format as RunFormat };
}
