import { describe, expect, it } from 'vitest';
import { planeReach, summarise, type Candidate, type DemandRow } from './outcome';
import { parseRunPath, sitesCsv, sitesGeoJson } from './export';
import type { SitingOutcome } from '$lib/planning/types';

// four buildings on a line (metres), community 10 / 11 in street 1; an existing facility reaches A
const row = (
	id: number,
	x: number,
	households: number,
	covered: boolean,
	communityId = 10,
	rule: DemandRow['rule'] = 'network'
): DemandRow => ({
	id,
	households,
	communityId,
	streetId: 1,
	lon: 115 + x / 1e5,
	lat: 27,
	x,
	y: 0,
	covered,
	rule,
	edgeId: null,
	frac: null,
	accessM: null
});
// building 3 is more than 100 m from the network: measured by straight line
const demand = [
	row(1, 0, 50, true),
	row(2, 400, 30, false),
	row(3, 500, 20, false, 11, 'straight-line'),
	row(4, 2000, 40, false, 11)
];
const candidates: Candidate[] = [
	{ id: 'c0', lon: 115.0045, lat: 27, x: 450, y: 0 },
	{ id: 'c1', lon: 115.02, lat: 27, x: 2000, y: 0 }
];
const names = new Map([
	[1, { name: '街道', level: 'street' as const }],
	[10, { name: '甲社区', level: 'community' as const }],
	[11, { name: '乙社区', level: 'community' as const }]
]);

describe('summarise', () => {
	it('reaches buildings by plane distance, boundary included (reached before or not)', () => {
		expect(planeReach(demand, candidates, 50)(0)).toEqual([1, 2]);
		expect(planeReach(demand, candidates, 49.9)(0)).toEqual([]);
		expect(planeReach(demand, candidates, 450)(0)).toEqual([0, 1, 2]);
	});

	it('ranks sites and sums coverage overall and per area (worked by hand)', () => {
		const result = {
			sites: [
				{ id: 'c0', index: 0, x: 450, y: 0, addedWeight: 50, addedPoints: 2 },
				{ id: 'c1', index: 1, x: 2000, y: 0, addedWeight: 40, addedPoints: 1 }
			],
			unreachableWeight: 0
		};
		const s = summarise(
			demand,
			candidates,
			planeReach(demand, candidates, 100),
			result,
			[{ community: '甲社区', street: '街道' }],
			names
		);
		expect(s.totals).toEqual({
			buildings: 4,
			households: 140,
			networkHouseholds: 120,
			before: 50,
			after: 140,
			beforeShare: 50 / 140,
			afterShare: 1,
			newlyCovered: 90,
			unreachable: 0
		});
		expect(
			s.sites.map((x) => [
				x.rank,
				x.id,
				x.addedHouseholds,
				x.addedStraightLineHouseholds,
				x.cumulativeHouseholds,
				x.community
			])
		).toEqual([
			[1, 'c0', 50, 20, 100, '甲社区'],
			[2, 'c1', 40, 0, 140, null]
		]);
		expect(s.areas).toEqual([
			{ id: 1, name: '街道', level: 'street', households: 140, before: 50, after: 140 },
			{ id: 10, name: '甲社区', level: 'community', households: 80, before: 50, after: 80 },
			{ id: 11, name: '乙社区', level: 'community', households: 60, before: 0, after: 60 }
		]);
		expect(s.demand.map((d) => d[3])).toEqual([1, 2, 2, 2]);
		expect(s.demand.map((d) => d[4])).toEqual([0, 0, 1, 0]);
	});

	it('with no solve: nothing added, unreachable unknown unless all is reached', () => {
		const s = summarise(demand, candidates, planeReach(demand, candidates, 100), null, [], names);
		expect(s.sites).toEqual([]);
		expect(s.totals.after).toBe(50);
		expect(s.totals.unreachable).toBeNull();
	});
});

describe('exports', () => {
	const outcome = {
		rule: {
			type: 'red_station',
			walkM: 500,
			detour: 1.3,
			radiusM: 384.6,
			lifeCircle: '10min',
			measure: 'network'
		},
		totals: { households: 10, before: 2, after: 7, beforeShare: 0.2, afterShare: 0.7 },
		solver: { method: 'exact' },
		sites: [
			{
				rank: 1,
				id: 'g1_2',
				lon: 115.1,
				lat: 27.1,
				community: '城南, "新"区',
				street: null,
				addedHouseholds: 5,
				addedStraightLineHouseholds: 1,
				addedBuildings: 2,
				cumulativeHouseholds: 7,
				cumulativeShare: 0.7
			}
		]
	} as unknown as SitingOutcome;

	it('writes RFC 4180 CSV with a BOM and quotes where needed', () => {
		expect(sitesCsv(outcome)).toBe(
			'\uFEFFrank,candidate,lon,lat,street,community,added_households,added_straight_line_households,measure,added_buildings,cumulative_households,cumulative_share\r\n' +
				'1,g1_2,115.1,27.1,,"城南, ""新""区",5,1,network,2,7,0.7\r\n'
		);
	});

	it('writes a GeoJSON FeatureCollection of points', () => {
		const fc = sitesGeoJson('r', outcome);
		expect(fc.features[0]).toMatchObject({
			geometry: { type: 'Point', coordinates: [115.1, 27.1] },
			properties: { rank: 1, addedHouseholds: 5, addedStraightLineHouseholds: 1, measure: 'network' }
		});
		expect(fc.siting.measure).toBe('network');
	});

	it('parses run paths', () => {
		const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
		expect(parseRunPath(id, null)).toEqual({ id, format: 'json' });
		expect(parseRunPath(`${id.toUpperCase()}.csv`, null)).toEqual({ id, format: 'csv' });
		expect(parseRunPath(id, 'geojson')).toEqual({ id, format: 'geojson' });
		expect(parseRunPath(`${id}.kml`, null)).toMatchObject({ field: 'format' });
		expect(parseRunPath('1', null)).toMatchObject({ field: 'id' });
	});
});
