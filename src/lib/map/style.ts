// The offline base style: everything is drawn from the app's own vector tiles (areas, grid cells,
// compounds, buildings …); no glyph server, no sprite, no internet. The style has no `glyphs`
// URL, so MapLibre draws every label (CJK and Latin alike) locally with the browser's fonts.
import type {
	StyleSpecification,
	LayerSpecification,
	ExpressionSpecification,
	SourceSpecification
} from 'maplibre-gl';
import { tileSourcesOf, type LayerId, type MapLayerId } from './layer-ids';
import { beijingToday } from '../days';

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
/** The owners' committee of a compound (业委会): none, term expired, in office. */
export const COMMITTEE_COLORS: Record<'none' | 'expired' | 'active', string> = {
	none: '#8e24aa',
	expired: '#ff7043',
	active: '#43a047'
};
/** A community with no held joint meeting (联席会议) in the last full quarter. */
export const NO_MEETING_COLOR = '#d81b60';
export const FACILITY_COLOR = '#00897b';
export const PARTY_ORG_COLOR = '#b71c1c';
/**
 * The base map's palette, close to the web maps people in China use every day (高德 / 百度 style):
 * pale warm land, light-blue water, soft green parks, yellow-orange arterials, white streets with
 * grey casings.
 */
export const BASE_COLORS = {
	land: '#f4f1ea',
	water: '#a3c8f0',
	waterLine: '#86b3e3',
	park: '#cde8b5',
	school: '#efe3f0',
	hospital: '#f6dede',
	landuse: '#ece6da',
	primary: '#fbd489',
	primaryCasing: '#e0a94c',
	secondary: '#ffffff',
	secondaryCasing: '#cfc4ae',
	minor: '#ffffff',
	minorCasing: '#ddd5c6',
	label: '#4a4a4a'
};
export const AREA_LINE = { city: '#7a1c1c', district: '#a33a3a', street: '#c07a5a', community: '#c9a27a' };

/**
 * The circle radius (px) of a point layer with cells below z13 (facilities, party organizations):
 * one feature is `z10` px at z10 growing to `z16` px at z16; a cell of the low-zoom tiles (one per
 * 16-px square, drawn at the centre of what it holds, with `count`: src/lib/server/tiles/
 * facilities.sql) grows with the square root of its count (its area in proportion to the count, the
 * usual proportional symbol): half a pixel more per unit of √count, at most 8 px (reached by a cell
 * of 121 facilities or of 81 organizations), so that only the densest neighbours touch.
 */
const pointRadius = (z10: number, z16: number): ExpressionSpecification => [
	'interpolate',
	['linear'],
	['zoom'],
	10,
	['case', ['has', 'count'], ['min', 8, ['+', z10 - 0.5, ['*', 0.5, ['sqrt', ['get', 'count']]]]], z10],
	16,
	z16
];

const match = (prop: string, table: Record<string, string>, fallback: string): ExpressionSpecification =>
	['match', ['get', prop], ...Object.entries(table).flat(), fallback] as unknown as ExpressionSpecification;

/**
 * The owners' committee class of a compound feature (its tile's committee_term_end) on `today`
 * (YYYY-MM-DD, Beijing): 'none' without a committee, 'expired' when the term ended before today,
 * else 'active' — the rule of the governance figures (src/lib/server/governance/figures.sql).
 */
export const committeeClass = (today: string): ExpressionSpecification =>
	[
		'case',
		['!', ['has', 'committee_term_end']],
		'none',
		['<', ['to-string', ['get', 'committee_term_end']], today],
		'expired',
		'active'
	] as unknown as ExpressionSpecification;

/** The communities among `ids` (feature ids of the areas tiles). */
export const communitiesIn = (ids: readonly number[]): ExpressionSpecification =>
	[
		'all',
		['==', ['get', 'level'], 'community'],
		['in', ['id'], ['literal', [...ids]]]
	] as unknown as ExpressionSpecification;

/**
 * Each style layer names the map layer it draws in metadata, so the panel can toggle them together
 * (a style layer's `source` is the data layer whose feature a click selects).
 */
type L = LayerSpecification & { metadata: { 'redgrid:layer': MapLayerId; 'redgrid:clickable'?: boolean } };

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

/**
 * The areas of a level as outlines, or as the points their names are drawn at: the areas tile
 * (src/lib/server/tiles/areas.sql) sends both, as a polygon would be named once in every tile it
 * crosses.
 */
const areaFilter = (level: string, as: 'outline' | 'label'): ExpressionSpecification => [
	'all',
	['==', ['get', 'level'], level],
	[as === 'label' ? '==' : '!=', ['geometry-type'], 'Point']
];

/**
 * The style layers of the map layers in `available`, in drawing order. `today` (YYYY-MM-DD, Beijing)
 * dates the owners' committee style (a term that ended before it is expired).
 */
export function mapLayers(available: readonly MapLayerId[], today = beijingToday()): L[] {
	const all: L[] = [
		// areas: soft fills by level, outlines, labels
		{
			id: 'areas-fill',
			type: 'fill',
			source: 'areas',
			'source-layer': 'areas',
			filter: areaFilter('district', 'outline'),
			paint: {
				'fill-color': ['interpolate', ['linear'], ['zoom'], 6, '#f3e3d3', 12, '#f7efe6'],
				// fades as the base map's roads and water come in
				'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 12, 0.12],
				// the district line draws its edge (an antialiased outline is one more WebGL program)
				'fill-antialias': false
			},
			metadata: { 'redgrid:layer': 'areas', 'redgrid:clickable': true }
		},
		{
			id: 'areas-community-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			minzoom: 12,
			filter: areaFilter('community', 'outline'),
			paint: { 'line-color': AREA_LINE.community, 'line-width': 1, 'line-dasharray': [3, 2] },
			metadata: { 'redgrid:layer': 'areas' }
		},
		{
			id: 'areas-street-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			minzoom: 9,
			filter: areaFilter('street', 'outline'),
			paint: { 'line-color': AREA_LINE.street, 'line-width': 1.3 },
			metadata: { 'redgrid:layer': 'areas' }
		},
		{
			id: 'areas-district-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			filter: areaFilter('district', 'outline'),
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
			filter: areaFilter('city', 'outline'),
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
		// owners' committees (三方联动): the compounds by their committee, over the compounds layer, and
		// the communities with no joint meeting last quarter (the page sets their ids as the filter)
		{
			id: 'committees-gap-fill',
			type: 'fill',
			source: 'areas',
			'source-layer': 'areas',
			minzoom: 12,
			filter: communitiesIn([]),
			paint: { 'fill-color': NO_MEETING_COLOR, 'fill-opacity': 0.12 },
			metadata: { 'redgrid:layer': 'committees', 'redgrid:clickable': true }
		},
		{
			id: 'committees-fill',
			type: 'fill',
			source: 'compounds',
			'source-layer': 'compounds',
			// opaque, like the companies' fill: the compound shows exactly the legend's colour
			paint: {
				'fill-color': [
					'match',
					committeeClass(today),
					...Object.entries(COMMITTEE_COLORS).flat(),
					'#9e9e9e'
				] as unknown as ExpressionSpecification,
				'fill-opacity': 1
			},
			metadata: { 'redgrid:layer': 'committees', 'redgrid:clickable': true }
		},
		{
			id: 'committees-line',
			type: 'line',
			source: 'compounds',
			'source-layer': 'compounds',
			paint: { 'line-color': '#4e342e', 'line-width': 0.6 },
			metadata: { 'redgrid:layer': 'committees' }
		},
		{
			id: 'committees-gap-line',
			type: 'line',
			source: 'areas',
			'source-layer': 'areas',
			minzoom: 12,
			filter: communitiesIn([]),
			paint: { 'line-color': NO_MEETING_COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
			metadata: { 'redgrid:layer': 'committees' }
		},
		// companies: the compounds each company manages, by party-organization status, drawn over the
		// compounds layer so that the status colours show as the legend gives them
		{
			id: 'companies-fill',
			type: 'fill',
			source: 'companies',
			'source-layer': 'companies',
			minzoom: 12,
			// opaque, so that a compound shows exactly the legend's colour of its company's class (any
			// transparency blends in the base map and moves the colour away from the swatch's); the
			// buildings are drawn over it
			paint: { 'fill-color': match('party_status', PARTY_STATUS_COLORS, '#9e9e9e'), 'fill-opacity': 1 },
			metadata: { 'redgrid:layer': 'companies', 'redgrid:clickable': true }
		},
		{
			id: 'companies-line',
			type: 'line',
			source: 'companies',
			'source-layer': 'companies',
			minzoom: 12,
			paint: {
				'line-color': match('party_status', PARTY_STATUS_COLORS, '#9e9e9e'),
				'line-width': ['case', ['==', ['get', 'party_status'], 'none'], 2.5, 1]
			},
			metadata: { 'redgrid:layer': 'companies' }
		},
		// below z12 the tiles carry one point per 4-px cell and party status (companies.sql): a dot
		// in the status's colour, companies without a party organization drawn on top
		{
			id: 'companies-point',
			type: 'circle',
			source: 'companies',
			'source-layer': 'companies',
			maxzoom: 12,
			layout: {
				'circle-sort-key': [
					'match',
					['get', 'party_status'],
					'none',
					3,
					'instructor',
					2,
					'joint',
					1,
					0
				] as unknown as ExpressionSpecification
			},
			paint: {
				'circle-color': match('party_status', PARTY_STATUS_COLORS, '#9e9e9e'),
				'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2.5, 12, 4]
			},
			metadata: { 'redgrid:layer': 'companies', 'redgrid:clickable': true }
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
				// below z12 a tile's feature is a cell of tickets (its count); from z12 one ticket
				'heatmap-weight': ['coalesce', ['get', 'count'], 1],
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
				'circle-radius': pointRadius(3, 7),
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
				'circle-radius': pointRadius(4, 8),
				'circle-stroke-color': '#ffd54f',
				'circle-stroke-width': 2
			},
			metadata: { 'redgrid:layer': 'party-orgs', 'redgrid:clickable': true }
		},
		// labels last, so they sit above everything
		// the larger area's name wins a collision (MapLibre places the last symbol layer first)
		label('areas-community-label', 'areas', 13, 12, areaFilter('community', 'label')),
		label('areas-street-label', 'areas', 11, 13, areaFilter('street', 'label')),
		label('areas-district-label', 'areas', 7, 15, areaFilter('district', 'label')),
		label('compounds-label', 'compounds', 15, 12),
		label('facilities-label', 'facilities', 15, 11),
		label('party-orgs-label', 'party-orgs', 15, 11)
	];
	return all.filter((l) => available.includes(l.metadata['redgrid:layer']));
}

const ROAD_CLASSES = {
	major: ['motorway', 'trunk', 'primary'],
	secondary: ['secondary', 'tertiary'],
	minor: ['residential', 'unclassified', 'living_street', 'service', 'pedestrian']
};
const inClasses = (list: string[]): ExpressionSpecification =>
	['in', ['get', 'class'], ['literal', list]] as unknown as ExpressionSpecification;
/** Road width in pixels by zoom: [z, px] pairs. */
const width = (stops: [number, number][]): ExpressionSpecification =>
	['interpolate', ['exponential', 1.6], ['zoom'], ...stops.flat()] as unknown as ExpressionSpecification;
const MAJOR_W: [number, number][] = [
	[8, 0.6],
	[12, 2.6],
	[14, 6],
	[16, 12],
	[18, 26]
];
const SECONDARY_W: [number, number][] = [
	[11, 0.5],
	[12, 1.4],
	[14, 4],
	[16, 8],
	[18, 18]
];
const MINOR_W: [number, number][] = [
	[13, 0.5],
	[14, 1.4],
	[16, 4.5],
	[18, 10]
];
const casing = (stops: [number, number][]) => width(stops.map(([z, w]) => [z, w + (z >= 14 ? 2 : 1)]));

const roadLine = (
	id: string,
	filter: ExpressionSpecification,
	color: string,
	w: ExpressionSpecification,
	minzoom = 0
) =>
	({
		id,
		type: 'line',
		source: 'basemap',
		'source-layer': 'roads',
		minzoom,
		filter,
		layout: { 'line-cap': 'round', 'line-join': 'round' },
		paint: { 'line-color': color, 'line-width': w }
	}) as LayerSpecification;

const roadLabel = (id: string, filter: ExpressionSpecification, minzoom: number, size: number) =>
	({
		id,
		type: 'symbol',
		source: 'basemap',
		'source-layer': 'roads',
		minzoom,
		filter,
		layout: {
			'symbol-placement': 'line',
			'text-field': ['get', 'name'],
			'text-font': LABEL_FONT,
			'text-size': size,
			'symbol-spacing': 280,
			'text-max-angle': 30,
			'text-padding': 2
		},
		paint: { 'text-color': BASE_COLORS.label, 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 }
	}) as LayerSpecification;

/** Land use by kind: [style layer suffix, the `kind` values it draws (null: every other kind), colour]. */
const LANDUSE_KINDS: [string, string[] | null, string][] = [
	// the other kinds (residential, commercial …) first: a school or park mapped inside a residential
	// area (common in OpenStreetMap) is drawn over it, as one layer drew each parcel in turn
	['other', null, BASE_COLORS.landuse],
	['park', ['park', 'green', 'cemetery'], BASE_COLORS.park],
	['school', ['school', 'university'], BASE_COLORS.school],
	['hospital', ['hospital'], BASE_COLORS.hospital]
];
const ALL_LANDUSE = LANDUSE_KINDS.flatMap(([, kinds]) => kinds ?? []);

/**
 * A base-map fill of one constant colour with no antialiased outline, optionally of some `kind`s
 * only (null: every kind not in LANDUSE_KINDS). Why not one layer with a `match` on the kind: each
 * data-driven paint property and each outline is another WebGL program, and in a software renderer
 * (SwiftShader, the headless browser of the benches) compiling one holds the map's first view up by
 * about 80 ms; constant colours share the program of the districts' fill.
 */
function plainFill(
	id: string,
	sourceLayer: string,
	color: string,
	kinds?: string[] | null
): LayerSpecification {
	const inKinds = (list: string[]) => ['in', ['get', 'kind'], ['literal', list]];
	const filter = kinds === undefined ? undefined : kinds ? inKinds(kinds) : ['!', inKinds(ALL_LANDUSE)];
	return {
		id,
		type: 'fill',
		source: 'basemap',
		'source-layer': sourceLayer,
		...(filter ? { filter: filter as unknown as ExpressionSpecification } : {}),
		paint: { 'fill-color': color, 'fill-antialias': false }
	} as LayerSpecification;
}

/**
 * The base map's layers (source `basemap`: roads, water, landuse), drawn under the data layers:
 * land use, water, road casings then fills by class (bridges on top), then names of water, land
 * use and roads at high zoom.
 */
export function baseMapLayers(): LayerSpecification[] {
	const major = inClasses(ROAD_CLASSES.major);
	const secondary = inClasses(ROAD_CLASSES.secondary);
	const minor = inClasses(ROAD_CLASSES.minor);
	const named = ['has', 'name'] as unknown as ExpressionSpecification;
	const all = (...e: ExpressionSpecification[]) => ['all', ...e] as unknown as ExpressionSpecification;
	const notBridge = ['!=', ['get', 'bridge'], true] as unknown as ExpressionSpecification;
	const bridge = ['==', ['get', 'bridge'], true] as unknown as ExpressionSpecification;
	return [
		...LANDUSE_KINDS.map(([kind, kinds, color]) =>
			plainFill(`base-landuse-${kind}`, 'landuse', color, kinds)
		),
		plainFill('base-water', 'water', BASE_COLORS.water),
		{
			id: 'base-water-line',
			type: 'line',
			source: 'basemap',
			'source-layer': 'water',
			paint: { 'line-color': BASE_COLORS.waterLine, 'line-width': 0.8 }
		},
		roadLine('base-road-minor-casing', all(minor, notBridge), BASE_COLORS.minorCasing, casing(MINOR_W), 13),
		roadLine(
			'base-road-secondary-casing',
			all(secondary, notBridge),
			BASE_COLORS.secondaryCasing,
			casing(SECONDARY_W),
			11
		),
		roadLine('base-road-major-casing', all(major, notBridge), BASE_COLORS.primaryCasing, casing(MAJOR_W)),
		roadLine('base-road-minor', all(minor, notBridge), BASE_COLORS.minor, width(MINOR_W), 13),
		roadLine('base-road-secondary', all(secondary, notBridge), BASE_COLORS.secondary, width(SECONDARY_W), 11),
		roadLine('base-road-major', all(major, notBridge), BASE_COLORS.primary, width(MAJOR_W)),
		roadLine('base-bridge-casing', bridge, '#8a7a66', casing(MAJOR_W)),
		roadLine('base-bridge', bridge, BASE_COLORS.primary, width(MAJOR_W)),
		{
			id: 'base-water-label',
			type: 'symbol',
			source: 'basemap',
			'source-layer': 'water',
			minzoom: 10,
			filter: named,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': LABEL_FONT,
				'text-size': 14,
				'text-letter-spacing': 0.4
			},
			paint: { 'text-color': '#3d6fa8', 'text-halo-color': '#e8f1fb', 'text-halo-width': 1.2 }
		} as LayerSpecification,
		{
			id: 'base-landuse-label',
			type: 'symbol',
			source: 'basemap',
			'source-layer': 'landuse',
			minzoom: 15,
			filter: named,
			layout: {
				'text-field': ['get', 'name'],
				'text-font': LABEL_FONT,
				'text-size': 11,
				'text-max-width': 7
			},
			paint: { 'text-color': '#5b6b4a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 }
		} as LayerSpecification,
		roadLabel('base-road-major-label', all(major, named), 13, 13),
		roadLabel('base-road-secondary-label', all(secondary, named), 14, 12),
		roadLabel('base-road-minor-label', all(minor, named), 15, 11)
	];
}

/** The part of a TileJSON (GET /api/tiles/{layer}.json) a vector source is made from. */
export interface TileJsonSource {
	tiles: string[];
	minzoom: number;
	maxzoom: number;
	bounds: [number, number, number, number];
	attribution?: string;
}

/** A vector source: from its TileJSON when the page has it, else from its TileJSON URL. */
function vectorSource(id: string, tj: TileJsonSource | undefined): SourceSpecification {
	if (!tj) return { type: 'vector', url: `/api/tiles/${id}.json` };
	const { tiles, minzoom, maxzoom, bounds, attribution } = tj;
	return { type: 'vector', tiles, minzoom, maxzoom, bounds, ...(attribution ? { attribution } : {}) };
}

/**
 * The offline style of the map layers `available`; `tileJson`: the TileJSON of sources the page
 * already has (src/routes/map/+page.server.ts), which then need no request before their tiles.
 * `visible` (default: all of `available`): the map layers shown at first; the others' style layers
 * start with `visibility: none`. MapLibre loads no tile of a source none of whose layers is shown,
 * and its `load` and first `idle` wait for every tile of the sources in use: a layer hidden only
 * after `load` (the map page's companies, committees, grid cells) had its tiles fetched, parsed and
 * its WebGL programs compiled before the map was first ready.
 */
export function baseStyle(
	available: readonly MapLayerId[],
	online?: { tiles: string[]; attribution: string } | null,
	tileJson: Record<string, TileJsonSource> = {},
	visible: readonly MapLayerId[] = available
): StyleSpecification {
	const sources: StyleSpecification['sources'] = { basemap: vectorSource('basemap', tileJson.basemap) };
	for (const id of tileSourcesOf(available)) sources[id] = vectorSource(id, tileJson[id]);
	const layers: LayerSpecification[] = [
		{ id: 'background', type: 'background', paint: { 'background-color': BASE_COLORS.land } }
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
	// the base map goes over the districts' soft fill and under every other data layer
	const data = mapLayers(available).map((l) =>
		visible.includes(l.metadata['redgrid:layer'])
			? l
			: ({ ...l, layout: { ...l.layout, visibility: 'none' } } as L)
	);
	const ground = data.filter((l) => l.id === 'areas-fill');
	const rest = data.filter((l) => l.id !== 'areas-fill');
	const base = online ? [] : baseMapLayers();
	const isLabel = (l: LayerSpecification) => l.type === 'symbol';
	return {
		version: 8,
		name: 'RedGrid offline',
		sources,
		layers: [...layers, ...ground, ...base.filter((l) => !isLabel(l)), ...rest, ...base.filter(isLabel)]
	};
}

/** Style layer ids that draw a map layer. */
export const styleLayersOf = (layer: MapLayerId, available: readonly MapLayerId[]) =>
	mapLayers(available)
		.filter((l) => l.metadata['redgrid:layer'] === layer)
		.map((l) => l.id);

/** Clickable style layers, topmost first (points over buildings over compounds over areas). */
export const clickOrder = (available: readonly MapLayerId[]) =>
	mapLayers(available)
		.filter((l) => l.metadata['redgrid:clickable'])
		.map((l) => l.id)
		.reverse();
