// The editable layers and their form fields, shared by the server (validation) and the forms.
// Field names are the API's (camelCase); the server maps them to columns.

export const ENTITIES = [
	'companies',
	'party-orgs',
	'facilities',
	'compounds',
	'buildings',
	'grid-cells',
	'people',
	'cross-appointments',
	'instructors'
] as const;
export type EntityName = (typeof ENTITIES)[number];
export const isEntity = (s: string): s is EntityName => (ENTITIES as readonly string[]).includes(s);

export type FieldType = 'text' | 'int' | 'number' | 'date' | 'select' | 'ref' | 'refs' | 'geometry';

export interface FieldMeta {
	name: string;
	type: FieldType;
	required?: boolean;
	/** select: the allowed values (labels come from i18n `edit.option.<value>`) */
	options?: readonly string[];
	/** ref / refs: the entity (or 'areas') the id points to */
	ref?: EntityName | 'areas';
	/** geometry: the GeoJSON type stored */
	geometry?: 'Point' | 'MultiPolygon';
}

export { FACILITY_TYPES } from '$lib/facilities';
import { FACILITY_TYPES } from '$lib/facilities';
export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'joint_branch'] as const;
export const PERSON_KINDS = [
	'grid_worker',
	'steward',
	'committee_member',
	'company_head',
	'instructor'
] as const;
export const DIRECTIONS = ['committee_to_company', 'company_to_committee'] as const;

export const FIELDS: Record<EntityName, FieldMeta[]> = {
	companies: [
		{ name: 'name', type: 'text', required: true },
		{ name: 'creditCode', type: 'text', required: true },
		{ name: 'address', type: 'text' },
		{ name: 'partyMembers', type: 'int' }
	],
	'party-orgs': [
		{ name: 'name', type: 'text', required: true },
		{ name: 'kind', type: 'select', required: true, options: ORG_KINDS },
		{ name: 'parentId', type: 'ref', ref: 'party-orgs' },
		{ name: 'areaId', type: 'ref', ref: 'areas' },
		{ name: 'compoundId', type: 'ref', ref: 'compounds' },
		{ name: 'companyIds', type: 'refs', ref: 'companies' },
		{ name: 'members', type: 'int' },
		{ name: 'foundedOn', type: 'date' },
		{ name: 'geom', type: 'geometry', geometry: 'Point' }
	],
	facilities: [
		{ name: 'code', type: 'text', required: true },
		{ name: 'name', type: 'text', required: true },
		{ name: 'type', type: 'select', required: true, options: FACILITY_TYPES },
		{ name: 'capacity', type: 'int' },
		{ name: 'floorArea', type: 'number' },
		{ name: 'openedOn', type: 'date' },
		{ name: 'areaId', type: 'ref', ref: 'areas', required: true },
		{ name: 'compoundId', type: 'ref', ref: 'compounds' },
		{ name: 'geom', type: 'geometry', geometry: 'Point', required: true }
	],
	compounds: [
		{ name: 'code', type: 'text', required: true },
		{ name: 'name', type: 'text', required: true },
		{ name: 'address', type: 'text' },
		{ name: 'communityId', type: 'ref', ref: 'areas', required: true },
		{ name: 'companyId', type: 'ref', ref: 'companies' },
		{ name: 'households', type: 'int' },
		{ name: 'population', type: 'int' },
		{ name: 'yearBuilt', type: 'int' },
		{ name: 'geom', type: 'geometry', geometry: 'MultiPolygon', required: true }
	],
	buildings: [
		{ name: 'code', type: 'text', required: true },
		{ name: 'compoundId', type: 'ref', ref: 'compounds', required: true },
		{ name: 'number', type: 'text', required: true },
		{ name: 'floors', type: 'int', required: true },
		{ name: 'households', type: 'int' },
		{ name: 'stewardId', type: 'ref', ref: 'people' },
		{ name: 'geom', type: 'geometry', geometry: 'MultiPolygon', required: true }
	],
	'grid-cells': [
		{ name: 'code', type: 'text', required: true },
		{ name: 'name', type: 'text', required: true },
		{ name: 'communityId', type: 'ref', ref: 'areas', required: true },
		{ name: 'workerId', type: 'ref', ref: 'people' },
		{ name: 'geom', type: 'geometry', geometry: 'MultiPolygon', required: true }
	],
	people: [
		{ name: 'name', type: 'text', required: true },
		{ name: 'phone', type: 'text' },
		{ name: 'kind', type: 'select', required: true, options: PERSON_KINDS },
		{ name: 'areaId', type: 'ref', ref: 'areas' },
		{ name: 'companyId', type: 'ref', ref: 'companies' }
	],
	'cross-appointments': [
		{ name: 'personId', type: 'ref', ref: 'people', required: true },
		{ name: 'direction', type: 'select', required: true, options: DIRECTIONS },
		{ name: 'communityId', type: 'ref', ref: 'areas', required: true },
		{ name: 'companyId', type: 'ref', ref: 'companies', required: true },
		{ name: 'title', type: 'text', required: true },
		{ name: 'startOn', type: 'date', required: true },
		{ name: 'endOn', type: 'date' }
	],
	instructors: [
		{ name: 'personId', type: 'ref', ref: 'people', required: true },
		{ name: 'companyId', type: 'ref', ref: 'companies', required: true },
		{ name: 'startOn', type: 'date', required: true },
		{ name: 'endOn', type: 'date' }
	]
};

/** The map's layer id for an editable entity, where the map shows it (for "open on the map"). */
export const MAP_LAYER: Partial<Record<EntityName, string>> = {
	companies: 'companies',
	'party-orgs': 'party-orgs',
	facilities: 'facilities',
	compounds: 'compounds',
	buildings: 'buildings',
	'grid-cells': 'grid-cells'
};
