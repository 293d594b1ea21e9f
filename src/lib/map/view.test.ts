import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { boundsOf, planLayers, positionsOf } from './view';

describe('boundsOf', () => {
	it('spans the points and skips non-finite ones', () => {
		expect(
			boundsOf([
				[115, 27.2],
				[114.9, 27.05],
				[NaN, 1],
				[115.1, 27.1]
			])
		).toEqual([114.9, 27.05, 115.1, 27.2]);
		expect(boundsOf([])).toBeNull();
	});
});

describe('positionsOf', () => {
	it('walks collections, features and nested rings', () => {
		const fc: GeoJSON.FeatureCollection = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 2] } },
				{
					type: 'Feature',
					properties: {},
					geometry: {
						type: 'MultiPolygon',
						coordinates: [
							[
								[
									[3, 4],
									[5, 6],
									[3, 4]
								]
							]
						]
					}
				}
			]
		};
		expect(positionsOf(fc)).toEqual([
			[1, 2],
			[3, 4],
			[5, 6],
			[3, 4]
		]);
		expect(positionsOf(null)).toEqual([]);
	});
});

describe('planLayers', () => {
	const a: LayerSpecification = { id: 'a', type: 'background', paint: { 'background-color': '#fff' } };
	const b: LayerSpecification = { id: 'b', type: 'background', paint: { 'background-color': '#000' } };
	it('adds new layers, removes dropped ones and re-adds changed ones, leaving the rest', () => {
		expect(planLayers([], [a, b])).toEqual({ remove: [], add: [a, b] });
		expect(planLayers([a, b], [a, b])).toEqual({ remove: [], add: [] });
		expect(planLayers([a, b], [b])).toEqual({ remove: ['a'], add: [] });
		const b2: LayerSpecification = { ...b, paint: { 'background-color': '#f00' } };
		expect(planLayers([a, b], [a, b2])).toEqual({ remove: ['b'], add: [b2] });
	});
});
