import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { BASE_COLORS, baseMapLayers, baseStyle, styleLayersOf } from './style';
import type { MapLayerId } from './layer-ids';

const visibility = (l: LayerSpecification) =>
	(l as { layout?: { visibility?: string } }).layout?.visibility ?? 'visible';

describe('baseStyle: the layers shown at first', () => {
	const available: MapLayerId[] = ['areas', 'compounds', 'companies', 'committees', 'tickets'];

	it('hides every style layer of a map layer not shown, and only those', () => {
		const style = baseStyle(available, null, {}, ['areas', 'tickets']);
		const byId = new Map(style.layers.map((l) => [l.id, l]));
		for (const layer of available) {
			const ids = styleLayersOf(layer, available);
			expect(ids.length).toBeGreaterThan(0);
			for (const id of ids)
				expect([layer, visibility(byId.get(id)!)]).toEqual([
					layer,
					layer === 'areas' || layer === 'tickets' ? 'visible' : 'none'
				]);
		}
		// the base map is not a map layer: always drawn
		expect(style.layers.filter((l) => l.id.startsWith('base-')).map(visibility)).not.toContain('none');
		// a hidden layer's own layout is kept (its labels' text, a road's caps)
		const label = style.layers.find((l) => l.id === 'areas-district-label')!;
		expect((label as { layout: Record<string, unknown> }).layout['text-field']).toEqual(['get', 'name']);
	});

	it('shows every available layer when no list is given', () => {
		const style = baseStyle(available);
		expect(style.layers.map(visibility)).not.toContain('none');
		expect(Object.keys(style.sources).sort()).toEqual([
			'areas',
			'basemap',
			'companies',
			'compounds',
			'tickets'
		]);
	});
});

describe('baseMapLayers: land use', () => {
	it('draws each kind in exactly one fill of its colour, the other kinds first (a park inside a residential area shows)', () => {
		const fills = baseMapLayers().filter((l) => l.id.startsWith('base-landuse-')) as (LayerSpecification & {
			filter: unknown;
			paint: { 'fill-color': string };
		})[];
		const drawnBy = (kind: string) =>
			fills.filter((l) =>
				featureFilter(l.filter as never).filter({ zoom: 14 }, {
					type: 3,
					properties: { kind },
					geometry: []
				} as never)
			);
		const colour: Record<string, string> = {
			park: BASE_COLORS.park,
			cemetery: BASE_COLORS.park,
			school: BASE_COLORS.school,
			university: BASE_COLORS.school,
			hospital: BASE_COLORS.hospital,
			residential: BASE_COLORS.landuse,
			industrial: BASE_COLORS.landuse
		};
		for (const [kind, want] of Object.entries(colour)) {
			const by = drawnBy(kind);
			expect([kind, by.length]).toEqual([kind, 1]);
			expect([kind, by[0].paint['fill-color']]).toEqual([kind, want]);
		}
		expect(fills[0].id).toBe('base-landuse-other');
	});
});
