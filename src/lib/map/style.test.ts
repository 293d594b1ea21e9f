import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { expression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { BASE_COLORS, baseMapLayers, baseStyle, mapLayers, styleLayersOf } from './style';
import { MAP_LAYER_IDS, type MapLayerId } from './layer-ids';

/** Whether a style layer's filter lets a feature of MVT `type` (1 point, 3 polygon) through at z14. */
const passes = (
	l: LayerSpecification & { filter?: unknown },
	type: 1 | 3,
	properties: Record<string, string>
) =>
	!l.filter ||
	featureFilter(l.filter as never).filter({ zoom: 14 }, { type, properties, geometry: [] } as never);

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
		const drawnBy = (kind: string) => fills.filter((l) => passes(l, 3, { kind }));
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

describe('mapLayers: areas', () => {
	it('draws each level as an outline from its polygons and names it once, at its label point', () => {
		const layers = mapLayers(['areas']).filter((l) => 'source' in l && l.source === 'areas');
		/** the style layers that draw an area of `level` sent as `type` (MVT: 1 point, 3 polygon) */
		const drawing = (level: string, type: 1 | 3) =>
			layers.filter((l) => !l.id.startsWith('committees') && passes(l, type, { level })).map((l) => l.id);
		expect(drawing('district', 3)).toEqual(['areas-fill', 'areas-district-line']);
		expect(drawing('district', 1)).toEqual(['areas-district-label']);
		expect(drawing('street', 3)).toEqual(['areas-street-line']);
		expect(drawing('street', 1)).toEqual(['areas-street-label']);
		expect(drawing('community', 3)).toEqual(['areas-community-line']);
		expect(drawing('community', 1)).toEqual(['areas-community-label']);
		// the larger area's name wins a collision: MapLibre places the last symbol layer first
		const order = layers.map((l) => l.id);
		expect(order.indexOf('areas-district-label')).toBeGreaterThan(order.indexOf('areas-street-label'));
		expect(order.indexOf('areas-street-label')).toBeGreaterThan(order.indexOf('areas-community-label'));
	});
});

describe('the point layers below z13', () => {
	const all = [...MAP_LAYER_IDS];
	it('the whole first style is valid (MapLibre loads none of it when one part is not)', () => {
		expect(validateStyleMin(baseStyle(all) as never)).toEqual([]);
	});

	/** A layer's circle radius (px) at `zoom` for a feature with these properties. */
	const radius = (layerId: string, zoom: number, properties: Record<string, number>) => {
		const l = mapLayers(all).find((x) => x.id === layerId) as { paint: Record<string, unknown> };
		const e = expression.createPropertyExpression(
			l.paint['circle-radius'] as never,
			latest.paint_circle['circle-radius'] as never
		);
		if (e.result !== 'success') throw new Error(JSON.stringify(e.value));
		return e.value.evaluate({ zoom } as never, { type: 1, properties, geometry: [] } as never) as number;
	};

	it('draw a cell as a circle whose radius grows with the square root of its count, up to 8 px', () => {
		// one facility: 3 px at z10; a cell of one: the same; of 25: 2.5 + 0.5 × 5; of 400: the cap
		expect(radius('facilities-point', 10, {})).toBe(3);
		expect(radius('facilities-point', 10, { count: 1 })).toBe(3);
		expect(radius('facilities-point', 10, { count: 25 })).toBe(5);
		expect(radius('facilities-point', 10, { count: 400 })).toBe(8);
		expect(radius('party-orgs-point', 10, { count: 16 })).toBe(5.5);
		// between the stops: halfway from z10 to z16 a single facility is 5 px (3 → 7)
		expect(radius('facilities-point', 13, {})).toBe(5);
	});
});
