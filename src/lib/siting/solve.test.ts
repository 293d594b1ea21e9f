import { describe, expect, it } from 'vitest';
import { buildCoverage } from './coverage';
import { SitingInputError } from './errors';
import { haversine, parsePoints, type GeoJsonFeature, type PointInput } from './geo';
import { seededRandom } from './instances';
import { solveSiting, type SitingInput } from './solve';

const point = (
	id: string | number | undefined,
	lon: number,
	lat: number,
	properties: Record<string, unknown> = {}
): GeoJsonFeature => ({
	type: 'Feature' as const,
	...(id !== undefined ? { id } : {}),
	geometry: { type: 'Point', coordinates: [lon, lat] },
	properties
});
const fc = (features: GeoJsonFeature[]) => ({ type: 'FeatureCollection' as const, features });

describe('distances and coverage sets', () => {
	it('haversine: one degree of latitude is about 111.195 km', () => {
		expect(haversine(115, 27, 115, 28)).toBeCloseTo(111_195, -1);
		expect(haversine(115, 27, 115.01, 27)).toBeCloseTo(991.0, 0);
	});

	it('the KD-tree coverage equals an all-pairs haversine check (lon/lat)', () => {
		const rand = seededRandom(3);
		const pts = (n: number): PointInput[] =>
			Array.from({ length: n }, (_, i) => ({ id: i, x: 114.95 + rand() * 0.08, y: 27.08 + rand() * 0.06 }));
		const demand = parsePoints('demand', pts(800), { weighted: true });
		const cands = parsePoints('candidates', pts(60));
		const existing = parsePoints('existing', pts(3));
		const r = 650;
		const cov = buildCoverage(demand, cands, existing, r, false);
		for (let j = 0; j < cands.length; j++) {
			const expected = demand.flatMap((d, i) =>
				haversine(cands[j].x, cands[j].y, d.x, d.y) <= r ? [i] : []
			);
			const got = Array.from(
				cov.candidateDemand.index.subarray(cov.candidateDemand.start[j], cov.candidateDemand.start[j + 1])
			);
			expect(got).toEqual(expected);
		}
		demand.forEach((d, i) => {
			const near = existing.some((e) => haversine(e.x, e.y, d.x, d.y) <= r);
			expect(cov.coveredByExisting[i]).toBe(near ? 1 : 0);
		});
	});

	it('planar: coordinates are metres and the boundary counts as covered', () => {
		const demand = parsePoints(
			'demand',
			[
				{ x: 0, y: 0 },
				{ x: 3, y: 4 },
				{ x: 6, y: 8 }
			],
			{ planar: true, weighted: true }
		);
		const cands = parsePoints('candidates', [{ x: 0, y: 0 }], { planar: true });
		const cov = buildCoverage(demand, cands, [], 5, true);
		expect(Array.from(cov.candidateDemand.index)).toEqual([0, 1]);
	});
});

describe('solveSiting', () => {
	// three clusters of households along a street in Ji'an, ~1 km apart; candidates at each cluster
	const lat = 27.11;
	const demand = fc([
		point('a1', 114.98, lat, { households: 100 }),
		point('a2', 114.9805, lat, { households: 50 }),
		point('b1', 114.99, lat, { households: 80 }),
		point('c1', 115.0, lat, { households: 60 }),
		point('c2', 115.0003, lat + 0.0003, { households: 40 })
	]);
	const candidates = fc([
		point('A', 114.9802, lat),
		point(undefined, 114.99, lat, { id: 'B' }),
		point(undefined, 115.0001, lat)
	]);

	it('chooses by weight, ranks by added weight, and reads ids', async () => {
		const r = await solveSiting({ demand, candidates, radius: 300, k: 2, weightProperty: 'households' });
		expect(r.chosen).toEqual(['A', 2]);
		expect(r.sites.map((s) => s.addedWeight)).toEqual([150, 100]);
		expect(r.coveredWeight).toBe(250);
		expect(r.totalWeight).toBe(330);
		expect(r.coverageShare).toBeCloseTo(250 / 330, 12);
		expect(r.gap).toBe(0);
		expect(r.problem).toBe('mclp');
	});

	it('counts demand near an existing facility as covered, and gains nothing from it', async () => {
		const existing = fc([point('old', 114.9801, lat)]);
		const r = await solveSiting({
			demand,
			candidates,
			existing,
			radius: 300,
			k: 1,
			weightProperty: 'households'
		});
		expect(r.existingWeight).toBe(150);
		expect(r.chosen).toEqual([2]);
		expect(r.coveredWeight).toBe(250);
	});

	it('polygons stand for their centroid', async () => {
		const square = {
			type: 'Feature' as const,
			id: 'sq',
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[114.9895, lat - 0.0005],
						[114.9905, lat - 0.0005],
						[114.9905, lat + 0.0005],
						[114.9895, lat + 0.0005],
						[114.9895, lat - 0.0005]
					]
				]
			},
			properties: {}
		};
		const r = await solveSiting({
			demand,
			candidates: { type: 'FeatureCollection', features: [square] } as never,
			radius: 50,
			k: 1,
			weightProperty: 'households'
		});
		expect(r.chosen).toEqual(['sq']);
		expect(r.newlyCoveredWeight).toBe(80);
	});

	it('set covering: fewest sites for a target share', async () => {
		const r = await solveSiting(
			{ demand, candidates, radius: 300, target: 0.7, weightProperty: 'households' },
			{ method: 'exact' }
		);
		expect(r.problem).toBe('set-cover');
		expect(r.chosen).toEqual(['A', 2]);
		expect(r.reached).toBe(true);
		expect(r.gap).toBe(0);
		const all = await solveSiting({
			demand,
			candidates,
			radius: 300,
			target: 1,
			weightProperty: 'households'
		});
		expect(all.chosen).toHaveLength(3);
		const none = await solveSiting({
			demand,
			candidates,
			existing: candidates,
			radius: 300,
			target: 0.5,
			weightProperty: 'households'
		});
		expect(none.chosen).toEqual([]);
		expect(none.coverageShare).toBe(1);
	});

	it('exact and heuristic agree here, and the heuristic gap is reported', async () => {
		const r = await solveSiting(
			{ demand, candidates, radius: 300, k: 2, weightProperty: 'households' },
			{ method: 'exact' }
		);
		expect(r.exact?.status).toBe('optimal');
		expect(r.heuristic.gap).toBe(0);
	});

	it('takes coverage sets given by the caller (walks over a network) in place of the radius', async () => {
		// three demand points in a row 100 m apart; by radius the middle candidate reaches all three,
		// by the given sets (a river between) it reaches only its own, and the east one reaches two
		const demand = [
			{ id: 'a', x: 0, y: 0, weight: 10 },
			{ id: 'b', x: 100, y: 0, weight: 20 },
			{ id: 'c', x: 200, y: 0, weight: 30 }
		];
		const candidates = [
			{ id: 'mid', x: 100, y: 0 },
			{ id: 'east', x: 200, y: 0 }
		];
		const byRadius = await solveSiting({ demand, candidates, radius: 150, k: 1, planar: true });
		expect(byRadius.chosen).toEqual(['mid']);
		const given = await solveSiting({
			demand,
			candidates,
			radius: 150,
			k: 1,
			planar: true,
			coverage: [[1], [1, 2]]
		});
		expect(given.chosen).toEqual(['east']);
		expect(given.newlyCoveredWeight).toBe(50);
		expect(given.unreachableWeight).toBe(10);
		await expect(
			solveSiting({ demand, candidates, radius: 150, k: 1, planar: true, coverage: [[1]] })
		).rejects.toMatchObject({ field: 'coverage' });
		await expect(
			solveSiting({ demand, candidates, radius: 150, k: 1, planar: true, coverage: [[1], [3]] })
		).rejects.toMatchObject({ field: 'coverage[1]' });
	});

	it('stops when the signal is aborted', async () => {
		const controller = new AbortController();
		controller.abort(new Error('client went away'));
		await expect(
			solveSiting({ demand, candidates, radius: 300, k: 1 }, { signal: controller.signal })
		).rejects.toThrow('client went away');
	});

	it('reports progress', async () => {
		const phases: string[] = [];
		await solveSiting({ demand, candidates, radius: 300, k: 2 }, { onProgress: (p) => phases.push(p.phase) });
		expect(phases[0]).toBe('prepare');
		expect(phases.at(-1)).toBe('done');
	});
});

describe('validation', () => {
	const demand = fc([point(1, 115, 27.1, { hh: 3 })]);
	const candidates = fc([point('c', 115, 27.1)]);
	const base: SitingInput = { demand, candidates, radius: 500, k: 1 };
	const cases: [string, Partial<SitingInput>, string, string][] = [
		['k = 0', { k: 0 }, 'k', 'k must be a whole number from 1 to the number of candidates (1); got 0'],
		['k too large', { k: 2 }, 'k', 'k must be a whole number from 1 to the number of candidates (1); got 2'],
		['k fractional', { k: 1.5 }, 'k', 'got 1.5'],
		['radius 0', { radius: 0 }, 'radius', 'radius must be a positive number of metres; got 0'],
		['radius negative', { radius: -5 }, 'radius', 'radius must be a positive number of metres; got -5'],
		['empty demand', { demand: fc([]) }, 'demand', 'demand is empty: give at least one point'],
		['empty candidates', { candidates: [] }, 'candidates', 'candidates is empty: give at least one point'],
		[
			'negative weight',
			{ demand: fc([point(1, 115, 27.1, { hh: -1 })]), weightProperty: 'hh' },
			'demand[0].weight',
			'demand[0] weight (property "hh") must be a non-negative finite number; got -1'
		],
		[
			'text weight',
			{ demand: fc([point(1, 115, 27.1, { hh: 'many' })]), weightProperty: 'hh' },
			'demand[0].weight',
			'got "many"'
		],
		[
			'missing weight',
			{ demand: fc([point(1, 115, 27.1, {})]), weightProperty: 'hh' },
			'demand[0].weight',
			'got nothing'
		],
		[
			'NaN weight',
			{ demand: [{ x: 115, y: 27, weight: Number.NaN }] },
			'demand[0].weight',
			'must be a non-negative finite number; got NaN'
		],
		[
			'line geometry',
			{
				candidates: fc([
					{
						...point('c', 115, 27.1),
						geometry: {
							type: 'LineString',
							coordinates: [
								[115, 27],
								[115.1, 27]
							]
						}
					}
				])
			},
			'candidates[0].geometry',
			'candidates[0] geometry must be a Point, Polygon or MultiPolygon; got "LineString"'
		],
		[
			'no geometry',
			{ candidates: fc([{ ...point('c', 115, 27.1), geometry: null as never }]) },
			'candidates[0].geometry',
			'candidates[0] has no geometry'
		],
		[
			'longitude out of range',
			{ demand: fc([point(1, 200, 27.1)]) },
			'demand[0].geometry',
			'demand[0] longitude 200 is out of range [-180, 180]'
		],
		[
			'latitude out of range',
			{ existing: fc([point(1, 115, 95)]) },
			'existing[0].geometry',
			'existing[0] latitude 95 is out of range [-90, 90]'
		],
		[
			'duplicate candidate ids',
			{ candidates: fc([point('c', 115, 27.1), point('c', 115.1, 27.1)]) },
			'candidates[1].id',
			'candidates[1] id "c" is used twice'
		],
		['target above 1', { target: 1.5 }, 'target', 'target must be a share in (0, 1]; got 1.5'],
		[
			'not GeoJSON',
			{ demand: 'x' as never },
			'demand',
			'demand must be a GeoJSON FeatureCollection or an array of points'
		]
	];
	for (const [name, patch, field, message] of cases) {
		it(`rejects ${name}`, async () => {
			const error = await solveSiting({ ...base, ...patch }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(SitingInputError);
			expect((error as SitingInputError).field).toBe(field);
			expect((error as SitingInputError).message).toContain(message);
		});
	}

	it('accepts projected metres with planar, which lon/lat would reject', async () => {
		const input = {
			demand: [{ x: 409154, y: 435528 }],
			candidates: [{ x: 409151, y: 435683 }],
			radius: 200,
			k: 1
		};
		await expect(solveSiting(input)).rejects.toThrow('longitude 409154 is out of range');
		const r = await solveSiting({ ...input, planar: true });
		expect(r.coverageShare).toBe(1);
		expect(r.chosen).toEqual([0]);
	});
});

describe('notices for the interface', () => {
	it('fewer useful sites than k: a fewerSites notice with n and k beside the English warning', async () => {
		// two demand points 10 m apart, three candidates of which only one reaches anything
		const r = await solveSiting({
			demand: [
				{ id: 'a', x: 0, y: 0, weight: 3 },
				{ id: 'b', x: 10, y: 0, weight: 2 }
			],
			candidates: [
				{ id: 'c1', x: 5, y: 0 },
				{ id: 'c2', x: 5000, y: 0 },
				{ id: 'c3', x: 0, y: 5000 }
			],
			radius: 50,
			planar: true,
			k: 3
		});
		expect(r.sites.map((s) => s.id)).toEqual(['c1']);
		expect(r.notices).toEqual([{ code: 'fewerSites', values: { n: 1, k: 3 } }]);
		expect(r.warnings).toEqual(['only 1 sites add coverage; fewer than k = 3 are proposed']);
	});
});
