// The offline base style: everything is drawn from the app's own vector tiles (areas, grid cells,
// compounds, buildings …); no glyph server, no sprite, no internet. The style has no `glyphs`
// URL, so MapLibre draws every label (CJK and Latin alike) locally with the browser's fonts.
import type { StyleSpecification, LayerSpecification, ExpressionSpecification } from 'maplibre-gl';
import type { LayerId } from './layer-ids';

export const JIAN_CENTER: [number, number] = [114.985, 27.11];
export const JIAN_ZOOM = 11;
export const LABEL_FONT = ['Noto Sans CJK SC Regular'];
export const LOCAL_FONT_FAMILY =
	"'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export const PARTY_STATUS_COLORS: Record<string, string> = {
	own: '#c62828',
	joint: '#ef8f00',
	instructor: '#f2c230',
	none: '#3949ab'
};
export const URGENCY_COLORS: Record<string, string> = {
	urgent: '#d50000',
	normal: '#ff6d00',
	complaint: '#8e24aa'
};
export const FACILITY_COLOR = '#00897b';
export const PARTY_ORG_COLOR = '#b71c1c';
export const AREA_LINE = { city: '#7a1c1c', district: '#a33a3a', street: '#c07a5a', community: '#c9a27a' };

const match = (prop: string, table: Record<string, string>, fallback: string): ExpressionSpecification =>
	['match', ['get', prop], ...Object.entries(table).flat(), fallback] as unknown as ExpressionSpecification;

/** Each style layer names the data layer it draws in metadata, so the panel can toggle them together. */
type L = LayerSpecification & { metadata: { 'redgrid:layer': LayerId; 'redgrid:clickable'?: boolean } };

const label = (
	id: string,
	source: LayerId,
	minzoom: number,
	size: number,
	filter?: ExpressionSpecification,
	field = 'name'
): L =>
	({
		id,
		type: 'symbol',
		source,
		'source-layer': source,
		minzoom,
		...(filter ? { filter } : {}),
		layout: {
			'text-field': ['get', field],
			'text-font': LABEL_FONT,
			'text-size': size,
			'text-max-width': 8,
			'text-padding': 4
		},
		paint: { 'text-color': '#3b2f2f', 'text-halo-color': '#fffdf8', 'text-halo-width': 1.4 },
		metadata: { 'redgrid:layer': source }
	}) as L;

export function mapLayers(available: readonly LayerId[]): L[] {
	const all: L[] = [
		// areas: soft fills by level, outlines, labels
		{
			id: 'areas-fill',
			type: 'fill',
			source: 'areas',
			'source-layer': 'areas',
			filter: ['==', ['get', 'level'], 'district'],
			paint: {
				'fill-color': ['interpolate', ['linear'], ['zoom'], 6, '#f3e3d3', 12, '#f7efe6'],
				'fill-opacity': 0.6
			},
			metadata: { 'redgrid:layer': 'areas', 'redgrid:clickable': true }
		},
		{
			id: 'areas-community-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			minzoom: 11,
			filter: ['==', ['get', 'level'], 'community'],
			paint: { 'line-color': AREA_LINE.community, 'line-width': 1, 'line-dasharray': [3, 2] },
			metadata: { 'redgrid:layer': 'areas' }
		},
		{
			id: 'areas-street-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			minzoom: 9,
			filter: ['==', ['get', 'level'], 'street'],
			paint: { 'line-color': AREA_LINE.street, 'line-width': 1.3 },
			metadata: { 'redgrid:layer': 'areas' }
		},
		{
			id: 'areas-district-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			filter: ['==', ['get', 'level'], 'district'],
			paint: {
				'line-color': AREA_LINE.district,
				'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1, 12, 2.2]
			},
			metadata: { 'redgrid:layer': 'areas' }
		},
		{
			id: 'areas-city-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			filter: ['==', ['get', 'level'], 'city'],
			paint: { 'line-color': AREA_LINE.city, 'line-width': 3 },
			metadata: { 'redgrid:layer': 'areas' }
		},
		// compounds
		{
			id: 'compounds-fill',
			type: 'fill',
			source: 'compounds',
			'source-layer': 'compounds',
			paint: { 'fill-color': '#e9d7c0', 'fill-opacity': 0.7 },
			metadata: { 'redgrid:layer': 'compounds', 'redgrid:clickable': true }
		},
		{
			id: 'compounds-line',
			type: 'line',
			source: 'compounds',
			'source-layer': 'compounds',
			paint: { 'line-color': '#a07850', 'line-width': 1 },
			metadata: { 'redgrid:layer': 'compounds' }
		},
		// companies: the compounds each company manages, by party-organization status, drawn over the
		// compounds layer so that the status colours show as the legend gives them
		{
			id: 'companies-fill',
			type: 'fill',
			source: 'companies',
			'source-layer': 'companies',
			// nearly opaque, so that a compound shows the legend's colour of its company's class
			paint: { 'fill-color': match('party_status', PARTY_STATUS_COLORS, '#9e9e9e'), 'fill-opacity': 0.88 },
			metadata: { 'redgrid:layer': 'companies', 'redgrid:clickable': true }
		},
		{
			id: 'companies-line',
			type: 'line',
			source: 'companies',
			'source-layer': 'companies',
			paint: {
				'line-color': match('party_status', PARTY_STATUS_COLORS, '#9e9e9e'),
				'line-width': ['case', ['==', ['get', 'party_status'], 'none'], 2.5, 1]
			},
			metadata: { 'redgrid:layer': 'companies' }
		},
		// grid cells
		{
			id: 'grid-cells-fill',
			type: 'fill',
			source: 'grid-cells',
			'source-layer': 'grid-cells',
			paint: { 'fill-color': '#2e7d32', 'fill-opacity': 0.04 },
			metadata: { 'redgrid:layer': 'grid-cells', 'redgrid:clickable': true }
		},
		{
			id: 'grid-cells-line',
			type: 'line',
			source: 'grid-cells',
			'source-layer': 'grid-cells',
			paint: { 'line-color': '#2e7d32', 'line-width': 1.2, 'line-dasharray': [2, 2] },
			metadata: { 'redgrid:layer': 'grid-cells' }
		},
		// buildings: flat at z14, extruded by floors from z15
		{
			id: 'buildings-fill',
			type: 'fill',
			source: 'buildings',
			'source-layer': 'buildings',
			maxzoom: 15,
			paint: { 'fill-color': '#c9b8a6', 'fill-outline-color': '#9c8a78' },
			metadata: { 'redgrid:layer': 'buildings', 'redgrid:clickable': true }
		},
		{
			id: 'buildings-3d',
			type: 'fill-extrusion',
			source: 'buildings',
			'source-layer': 'buildings',
			minzoom: 15,
			paint: {
				'fill-extrusion-color': [
					'interpolate',
					['linear'],
					['get', 'floors'],
					1,
					'#e0d2c2',
					12,
					'#c7a98b',
					30,
					'#9e7656'
				],
				'fill-extrusion-height': ['*', ['get', 'floors'], 3],
				'fill-extrusion-opacity': 0.85
			},
			metadata: { 'redgrid:layer': 'buildings', 'redgrid:clickable': true }
		},
		// tickets: density at mid zooms, points by urgency from z13
		{
			id: 'tickets-heat',
			type: 'heatmap',
			source: 'tickets',
			'source-layer': 'tickets',
			maxzoom: 14,
			paint: {
				'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 6, 14, 16],
				'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.3, 14, 0.8],
				'heatmap-opacity': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 14, 0]
			},
			metadata: { 'redgrid:layer': 'tickets' }
		},
		{
			id: 'tickets-point',
			type: 'circle',
			source: 'tickets',
			'source-layer': 'tickets',
			minzoom: 12,
			paint: {
				'circle-color': match('urgency', URGENCY_COLORS, '#ff6d00'),
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 3, 17, 7],
				'circle-stroke-color': ['case', ['get', 'overdue'], '#000000', '#ffffff'],
				'circle-stroke-width': ['case', ['get', 'overdue'], 2, 1]
			},
			metadata: { 'redgrid:layer': 'tickets', 'redgrid:clickable': true }
		},
		// facilities and party organizations
		{
			id: 'facilities-point',
			type: 'circle',
			source: 'facilities',
			'source-layer': 'facilities',
			paint: {
				'circle-color': FACILITY_COLOR,
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 3, 16, 7],
				'circle-stroke-color': '#ffffff',
				'circle-stroke-width': 1.5
			},
			metadata: { 'redgrid:layer': 'facilities', 'redgrid:clickable': true }
		},
		{
			id: 'party-orgs-point',
			type: 'circle',
			source: 'party-orgs',
			'source-layer': 'party-orgs',
			paint: {
				'circle-color': PARTY_ORG_COLOR,
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 16, 8],
				'circle-stroke-color': '#ffd54f',
				'circle-stroke-width': 2
			},
			metadata: { 'redgrid:layer': 'party-orgs', 'redgrid:clickable': true }
		},
		// labels last, so they sit above everything
		label('areas-district-label', 'areas', 7, 15, ['==', ['get', 'level'], 'district']),
		label('areas-street-label', 'areas', 11, 13, ['==', ['get', 'level'], 'street']),
		label('areas-community-label', 'areas', 13, 12, ['==', ['get', 'level'], 'community']),
		label('compounds-label', 'compounds', 15, 12),
		label('facilities-label', 'facilities', 15, 11),
		label('party-orgs-label', 'party-orgs', 15, 11)
	];
	return all.filter((l) => available.includes(l.metadata['redgrid:layer']));
}

export function baseStyle(
	available: readonly LayerId[],
	online?: { tiles: string[]; attribution: string } | null
): StyleSpecification {
	const sources: StyleSpecification['sources'] = {};
	for (const id of available) sources[id] = { type: 'vector', url: `/api/tiles/${id}.json` };
	const layers: LayerSpecification[] = [
		{ id: 'background', type: 'background', paint: { 'background-color': '#f6f2ea' } }
	];
	if (online) {
		sources['online-base'] = {
			type: 'raster',
			tiles: online.tiles,
			tileSize: 256,
			attribution: online.attribution
		};
		layers.push({ id: 'online-base', type: 'raster', source: 'online-base' });
	}
	return { version: 8, name: 'RedGrid offline', sources, layers: [...layers, ...mapLayers(available)] };
}

/** Style layer ids that draw a data layer. */
export const styleLayersOf = (layer: LayerId, available: readonly LayerId[]) =>
	mapLayers(available)
		.filter((l) => l.metadata['redgrid:layer'] === layer)
		.map((l) => l.id);

/** Clickable style layers, topmost first (points over buildings over compounds over areas). */
export const clickOrder = (available: readonly LayerId[]) =>
	mapLayers(available)
		.filter((l) => l.metadata['redgrid:clickable'])
		.map((l) => l.id)
		.reverse();
