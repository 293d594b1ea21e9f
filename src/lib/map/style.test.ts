import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { baseStyle, styleLayersOf } from './style';
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
