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
	'instructors',
	'owner-committees',
	'committee-members',
	'meetings',
	'decisions',
	'consultations'
] as const;
export type EntityName = (typeof ENTITIES)[number];
export const isEntity = (s: string): s is EntityName => (ENTITIES as readonly string[]).includes(s);

export type FieldType = 'text' | 'int' | 'number' | 'date' | 'select' | 'ref' | 'refs' | 'geometry' | 'bool';

export interface FieldMeta {
	name: string;
	type: FieldType;
	required?: boolean;
	/** select: the allowed values (labels come from i18n `edit.option.<value>`) */
	options?: readonly string[];
	/** ref / refs: the entity (or 'areas') the id points to */
	ref?: EntityName | 'areas' | 'tickets';
	/** geometry: the GeoJSON type stored */
	geometry?: 'Point' | 'MultiPolygon';
}

export { FACILITY_TYPES } from '$lib/facilities';
import { FACILITY_TYPES } from '$lib/facilities';
export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'joint_branch'] as const;
export { PERSON_KINDS } from '$lib/codes';
import { PERSON_KINDS } from '$lib/codes';
export const DIRECTIONS = ['committee_to_company', 'company_to_committee'] as const;
// the governance records' code lists, which the forms offer (re-exported for the pages)
export * from '$lib/governance/values';
import {
	COMMITTEE_POSITIONS,
	MEETING_STATUSES,
	DECISION_STATUSES,
	PARTIES,
	CONSULTATION_KINDS,
	RAISERS,
	OUTCOMES
} from '$lib/governance/values';

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
	],
	// 三方联动 (owners' committees, joint meetings, decisions, consultations)
	'owner-committees': [
		{ name: 'compoundId', type: 'ref', ref: 'compounds', required: true },
		{ name: 'registered', type: 'bool' },
		{ name: 'electedOn', type: 'date' },
		{ name: 'termStart', type: 'date', required: true },
		{ name: 'termEnd', type: 'date', required: true },
		{ name: 'partyGroup', type: 'bool' },
		{ name: 'note', type: 'text' }
	],
	'committee-members': [
		{ name: 'committeeId', type: 'ref', ref: 'owner-committees', required: true },
		{ name: 'name', type: 'text', required: true },
		{ name: 'phone', type: 'text' },
		{ name: 'position', type: 'select', required: true, options: COMMITTEE_POSITIONS },
		{ name: 'partyMember', type: 'bool' }
	],
	meetings: [
		{ name: 'communityId', type: 'ref', ref: 'areas', required: true },
		{ name: 'compoundId', type: 'ref', ref: 'compounds' },
		{ name: 'title', type: 'text', required: true },
		{ name: 'heldOn', type: 'date', required: true },
		{ name: 'status', type: 'select', required: true, options: MEETING_STATUSES },
		{ name: 'facilityId', type: 'ref', ref: 'facilities' },
		{ name: 'place', type: 'text' },
		{ name: 'topics', type: 'text' },
		{ name: 'communityAttendees', type: 'int' },
		{ name: 'committeeAttendees', type: 'int' },
		{ name: 'companyAttendees', type: 'int' },
		{ name: 'departmentAttendees', type: 'int' },
		{ name: 'departments', type: 'text' }
	],
	decisions: [
		{ name: 'meetingId', type: 'ref', ref: 'meetings', required: true },
		{ name: 'content', type: 'text', required: true },
		{ name: 'owner', type: 'text', required: true },
		{ name: 'ownerParty', type: 'select', options: PARTIES },
		{ name: 'dueOn', type: 'date', required: true },
		{ name: 'status', type: 'select', options: DECISION_STATUSES },
		{ name: 'doneOn', type: 'date' },
		{ name: 'consultationId', type: 'ref', ref: 'consultations' }
	],
	consultations: [
		{ name: 'communityId', type: 'ref', ref: 'areas', required: true },
		{ name: 'compoundId', type: 'ref', ref: 'compounds' },
		{ name: 'title', type: 'text', required: true },
		{ name: 'kind', type: 'select', required: true, options: CONSULTATION_KINDS },
		{ name: 'raisedBy', type: 'select', required: true, options: RAISERS },
		{ name: 'raisedOn', type: 'date', required: true },
		{ name: 'outcome', type: 'select', options: OUTCOMES },
		{ name: 'decidedOn', type: 'date' },
		{ name: 'votesFor', type: 'int' },
		{ name: 'votesAgainst', type: 'int' },
		{ name: 'votesAbstain', type: 'int' },
		{ name: 'ticketId', type: 'ref', ref: 'tickets' },
		{ name: 'meetingIds', type: 'refs', ref: 'meetings' }
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
