// The tile layers: their SQL (one file per layer), zoom range and the fields their features carry
// (TileJSON vector_layers). Tiles carry what the style needs and an id; details come on click.
import { BASE_LAYER_ID, LAYER_ZOOMS, type LayerId, type TileLayerId } from '$lib/map/layer-ids';
import areasSql from './areas.sql?raw';
import gridCellsSql from './grid-cells.sql?raw';
import compoundsSql from './compounds.sql?raw';
import buildingsSql from './buildings.sql?raw';
import facilitiesSql from './facilities.sql?raw';
import partyOrgsSql from './party-orgs.sql?raw';
import companiesSql from './companies.sql?raw';
import ticketsSql from './tickets.sql?raw';
import basemapSql from './basemap.sql?raw';

export interface TileLayer {
	id: LayerId;
	sql: string;
	minzoom: number;
	maxzoom: number;
	description: string;
	/** MVT property name → TileJSON type ("Number", "String", "Boolean") */
	fields: Record<string, 'Number' | 'String' | 'Boolean'>;
	/** Whether the features depend on the user's scope (part of the cache key) */
	scoped: boolean;
}

const def = (
	id: LayerId,
	sql: string,
	description: string,
	fields: TileLayer['fields'],
	scoped = false
): TileLayer => ({ id, sql, description, fields, scoped, ...LAYER_ZOOMS[id] });

export const TILE_LAYERS: Record<LayerId, TileLayer> = {
	areas: def(
		'areas',
		areasSql,
		'市 / 区县 / 街道 / 社区 (city, districts; streets from z9; communities from z12)',
		{
			name: 'String',
			level: 'String'
		}
	),
	'grid-cells': def('grid-cells', gridCellsSql, '网格 grid cells', {
		code: 'String',
		name: 'String',
		community_id: 'Number'
	}),
	compounds: def(
		'compounds',
		compoundsSql,
		'小区 residential compounds, with the term end of their owners’ committee (业委会); households and community_id from z14, name from z15',
		{
			name: 'String',
			households: 'Number',
			community_id: 'Number',
			committee_term_end: 'String'
		}
	),
	buildings: def('buildings', buildingsSql, '楼栋 building footprints', {
		number: 'String',
		floors: 'Number',
		households: 'Number',
		compound_id: 'Number'
	}),
	facilities: def(
		'facilities',
		facilitiesSql,
		'公共设施 public facilities; below z13 one point per occupied 1/32-tile cell, at the centre of the facilities in it, with count (id: the first facility in it)',
		{ name: 'String', type: 'String', capacity: 'Number', count: 'Number' }
	),
	'party-orgs': def(
		'party-orgs',
		partyOrgsSql,
		'党组织 party organizations; below z13 one point per occupied 1/32-tile cell, at the centre of the organizations in it, with count (id: the first organization in it)',
		{ name: 'String', kind: 'String', members: 'Number', count: 'Number' }
	),
	companies: def(
		'companies',
		companiesSql,
		'物业服务企业: the compounds each company manages, with its party-organization status (own, joint, instructor, none); below z12 one point per occupied 1/128-tile cell and status with count (company_id: the first company in it)',
		{ company_id: 'Number', company: 'String', party_status: 'String', count: 'Number' }
	),
	tickets: def(
		'tickets',
		ticketsSql,
		'未办结工单 open tickets in the user’s scope (no personal data); below z12 their density: one point per occupied 1/128-tile cell with count, no id',
		{ category: 'String', urgency: 'String', status: 'String', overdue: 'Boolean', count: 'Number' },
		true
	)
};

/**
 * The base map: one tile source with three MVT layers (roads, water, landuse) drawn under the data
 * layers. Not a data layer (no panel toggle, import or export), hence not a LayerId.
 */
export { BASE_LAYER_ID, type TileLayerId };
export const BASE_TILE_LAYER: Omit<TileLayer, 'id'> & {
	id: typeof BASE_LAYER_ID;
	vectorLayers: { id: string; description: string; fields: TileLayer['fields'] }[];
} = {
	id: BASE_LAYER_ID,
	sql: basemapSql,
	minzoom: 8,
	maxzoom: 16,
	description:
		'底图 base map: roads (main roads from z8, secondary from z12, all from z14), water, land use (from z11; below z14 only parcels of about 4 × 4 px or more)',
	fields: {},
	scoped: false,
	vectorLayers: [
		{
			id: 'roads',
			description: '道路 roads by OpenStreetMap highway class; names from z13',
			fields: { name: 'String', class: 'String', bridge: 'Boolean' }
		},
		{ id: 'water', description: '水系 rivers and lakes', fields: { name: 'String', kind: 'String' } },
		{
			id: 'landuse',
			description: '用地 schools, parks, hospitals …; names from z14',
			fields: { name: 'String', kind: 'String' }
		}
	]
};

/** The definition of a tile layer: a data layer or the base map. */
export const tileLayer = (id: TileLayerId): TileLayer | typeof BASE_TILE_LAYER =>
	id === BASE_LAYER_ID ? BASE_TILE_LAYER : TILE_LAYERS[id];
