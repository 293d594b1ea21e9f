// How each editable layer maps to its table: columns, the checks that need the database (references,
// kinds, geometry inside its parent), and where a record sits in the area tree (for an official's
// scope). The generic service in service.ts does the rest the same way for every layer.
import type { EntityName } from '$lib/editing/fields';
import type { Queryable } from '../db/pool';
import { InputError } from '../http';
import { ref, unprocessable } from './refs';
import { GOVERNANCE_SPECS } from '../governance/specs';
import endCompaniesSql from './party-org-companies-end.sql?raw';
import addCompaniesSql from './party-org-companies-add.sql?raw';

export type Values = Record<string, unknown>;

export interface Spec {
	table: string;
	/** the field that places a record in the area tree (named when the scope refuses) */
	place: string;
	/** API field → column (scalars only; geometry is `geom`, link lists are handled by afterWrite) */
	columns: Record<string, string>;
	dates?: string[];
	geometry?: 'Point' | 'MultiPolygon';
	/** extra read-only fields of a record (alias t) */
	extraSelect?: string;
	/** a short label for lists (alias t) */
	label: string;
	/** columns searched by the list's q */
	search: string[];
	/** SQL condition on alias t: the row lies in the subtree of the area in parameter p */
	inSubtree: (p: string) => string;
	/** the areas a record (its values) sits in: an official must hold all of them (or any, with anyArea) */
	areasOf: (q: Queryable, v: Values) => Promise<number[]>;
	anyArea?: boolean;
	/** a record in no area at all (a new company) may be edited by any official */
	openWhenUnplaced?: boolean;
	/** may be retired directly (grid cells are merged instead, so the tiling holds) */
	retirable?: boolean;
	/** checks against the database; returns derived columns to write (e.g. district_id) */
	check: (q: Queryable, v: Values, id: number | null, changed: Set<string>) => Promise<Values>;
	/** created: the record was inserted by this edit (else updated) */
	afterWrite?: (q: Queryable, id: number, v: Values, changed: Set<string>, created: boolean) => Promise<void>;
}

/** Refuses a geometry that is not covered by its parent's (1 m² of slack for shared edges). */
async function inside(
	q: Queryable,
	geom: unknown,
	parentTable: string,
	parentId: unknown,
	parentName: string
) {
	const { rows } = await q.query(
		`WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
		 SELECT ST_CoveredBy(g.g, p.geom)
		   OR ST_Area(ST_Difference(g.g, p.geom)::geography) < 1.0 AS ok
		 FROM g, ${parentTable} p WHERE p.id = $2`,
		[JSON.stringify(geom), parentId]
	);
	if (!rows[0]?.ok) throw unprocessable('geom', `lies (partly) outside its ${parentName} ${parentId}`);
}

const communityOf = async (q: Queryable, id: unknown, field: string) =>
	ref(q, 'areas', id, field, `level = 'community'`, 'is not a community');

const districtOfArea = async (q: Queryable, areaId: unknown): Promise<number> => {
	const { rows } = await q.query(
		`SELECT d.id FROM areas a JOIN areas d ON d.id = ANY (a.path) AND d.level = 'district' WHERE a.id = $1`,
		[areaId]
	);
	return rows[0].id;
};

const compoundCommunity = async (q: Queryable, compoundId: unknown): Promise<number[]> => {
	if (!compoundId) return [];
	const { rows } = await q.query('SELECT community_id FROM compounds WHERE id = $1', [compoundId]);
	return rows.map((r) => r.community_id);
};

const subtreeAreas = (col: string) => (p: string) =>
	`t.${col} IN (SELECT id FROM areas WHERE path @> ARRAY[${p}::int])`;

export const SPECS: Record<EntityName, Spec> = {
	companies: {
		table: 'property_companies',
		place: 'id',
		columns: { name: 'name', creditCode: 'credit_code', address: 'address', partyMembers: 'party_members' },
		extraSelect: `(SELECT party_status FROM company_party_status s WHERE s.company_id = t.id) AS "partyStatus",
			ARRAY(SELECT pc.org_id FROM party_org_companies pc JOIN party_orgs o ON o.id = pc.org_id
			      WHERE pc.company_id = t.id AND pc.end_on IS NULL AND o.retired_at IS NULL ORDER BY 1) AS "partyOrgIds"`,
		label: `t.name || ' · ' || t.credit_code`,
		search: ['name', 'credit_code'],
		// a company is an official's when it manages a compound in their subtree (or none at all)
		inSubtree: (p) =>
			`(EXISTS (SELECT 1 FROM compounds c JOIN areas a ON a.id = c.community_id
			          WHERE c.company_id = t.id AND c.retired_at IS NULL AND a.path @> ARRAY[${p}::int])
			  OR NOT EXISTS (SELECT 1 FROM compounds c WHERE c.company_id = t.id AND c.retired_at IS NULL))`,
		areasOf: async (q, v) => {
			if (!v.id) return [];
			const { rows } = await q.query(
				'SELECT DISTINCT community_id FROM compounds WHERE company_id = $1 AND retired_at IS NULL',
				[v.id]
			);
			return rows.map((r) => r.community_id);
		},
		anyArea: true,
		openWhenUnplaced: true,
		retirable: true,
		check: async (q, v) => {
			const { rows } = await q.query('SELECT is_valid_credit_code($1) AS ok', [v.creditCode]);
			if (!rows[0].ok) throw new InputError(400, 'creditCode', 'check character does not match (GB 32100)');
			return {};
		}
	},
	'party-orgs': {
		table: 'party_orgs',
		place: 'areaId',
		columns: {
			name: 'name',
			kind: 'kind',
			parentId: 'parent_id',
			areaId: 'area_id',
			compoundId: 'compound_id',
			members: 'members',
			foundedOn: 'founded_on'
		},
		dates: ['foundedOn'],
		geometry: 'Point',
		// the links that hold (closed ones are history: company_party_status_at reads them)
		extraSelect: `ARRAY(SELECT company_id FROM party_org_companies WHERE org_id = t.id AND end_on IS NULL ORDER BY 1) AS "companyIds"`,
		label: 't.name',
		search: ['name'],
		inSubtree: subtreeAreas('area_id'),
		areasOf: async (q, v) => (v.areaId ? [v.areaId as number] : compoundCommunity(q, v.compoundId)),
		retirable: true,
		check: async (q, v, id) => {
			if (v.parentId !== null && v.parentId !== undefined) {
				if (v.parentId === id) throw unprocessable('parentId', 'an organization cannot be its own parent');
				await ref(q, 'party_orgs', v.parentId, 'parentId');
				if (id !== null) {
					const { rows } = await q.query(
						`WITH RECURSIVE up AS (SELECT id, parent_id FROM party_orgs WHERE id = $1
						   UNION SELECT o.id, o.parent_id FROM party_orgs o JOIN up ON o.id = up.parent_id)
						 SELECT 1 FROM up WHERE id = $2`,
						[v.parentId, id]
					);
					if (rows.length)
						throw unprocessable('parentId', 'would make a cycle (the parent lies below this organization)');
				}
			}
			await ref(q, 'areas', v.areaId, 'areaId');
			await ref(q, 'compounds', v.compoundId, 'compoundId');
			const ids = (v.companyIds as number[] | null) ?? [];
			if (new Set(ids).size !== ids.length) throw new InputError(400, 'companyIds', 'lists a company twice');
			for (const c of ids) await ref(q, 'property_companies', c, 'companyIds');
			if (v.kind !== 'joint_branch' && ids.length > 1)
				throw unprocessable('companyIds', 'only a joint branch (联合党支部) covers several companies');
			if (v.geom && v.areaId) await inside(q, v.geom, 'areas', v.areaId, 'area');
			return {};
		},
		afterWrite: async (q, id, v, changed, created) => {
			if (!changed.has('companyIds')) return;
			const ids = (v.companyIds as number[] | null) ?? [];
			await q.query(endCompaniesSql, [id, ids]);
			await q.query(addCompaniesSql, [id, ids, created]);
		}
	},
	facilities: {
		table: 'facilities',
		place: 'areaId',
		columns: {
			code: 'code',
			name: 'name',
			type: 'type',
			capacity: 'capacity',
			floorArea: 'floor_area',
			openedOn: 'opened_on',
			areaId: 'area_id',
			compoundId: 'compound_id'
		},
		dates: ['openedOn'],
		geometry: 'Point',
		label: `t.code || ' ' || t.name`,
		search: ['name', 'code'],
		inSubtree: subtreeAreas('area_id'),
		areasOf: async (_q, v) => (v.areaId ? [v.areaId as number] : []),
		retirable: true,
		check: async (q, v, _id, changed) => {
			await ref(q, 'areas', v.areaId, 'areaId');
			await ref(q, 'compounds', v.compoundId, 'compoundId');
			if (changed.has('geom') || changed.has('areaId')) await inside(q, v.geom, 'areas', v.areaId, 'area');
			if (v.compoundId && (changed.has('geom') || changed.has('compoundId')))
				await inside(q, v.geom, 'compounds', v.compoundId, 'compound');
			return {};
		}
	},
	compounds: {
		table: 'compounds',
		place: 'communityId',
		columns: {
			code: 'code',
			name: 'name',
			address: 'address',
			communityId: 'community_id',
			companyId: 'company_id',
			households: 'households',
			population: 'population',
			yearBuilt: 'year_built'
		},
		geometry: 'MultiPolygon',
		label: `t.code || ' ' || t.name`,
		search: ['name', 'code'],
		inSubtree: subtreeAreas('community_id'),
		areasOf: async (_q, v) => (v.communityId ? [v.communityId as number] : []),
		retirable: true,
		check: async (q, v, _id, changed) => {
			await communityOf(q, v.communityId, 'communityId');
			await ref(q, 'property_companies', v.companyId, 'companyId');
			if (changed.has('geom') || changed.has('communityId'))
				await inside(q, v.geom, 'areas', v.communityId, 'community');
			return { district_id: await districtOfArea(q, v.communityId) };
		}
	},
	buildings: {
		table: 'buildings',
		place: 'compoundId',
		columns: {
			code: 'code',
			compoundId: 'compound_id',
			number: 'number',
			floors: 'floors',
			households: 'households',
			stewardId: 'steward_id'
		},
		geometry: 'MultiPolygon',
		label: `t.code || ' ' || t.number`,
		search: ['code', 'number'],
		inSubtree: (p) =>
			`t.compound_id IN (SELECT c.id FROM compounds c JOIN areas a ON a.id = c.community_id
			                   WHERE a.path @> ARRAY[${p}::int])`,
		areasOf: (q, v) => compoundCommunity(q, v.compoundId),
		retirable: true,
		check: async (q, v, _id, changed) => {
			const c = await ref(q, 'compounds', v.compoundId, 'compoundId');
			await ref(q, 'people', v.stewardId, 'stewardId', `kind = 'steward'`, 'is not a steward (红领管家)');
			if (changed.has('geom') || changed.has('compoundId'))
				await inside(q, v.geom, 'compounds', v.compoundId, 'compound');
			return { district_id: c.district_id };
		}
	},
	'grid-cells': {
		table: 'grid_cells',
		place: 'communityId',
		columns: { code: 'code', name: 'name', communityId: 'community_id', workerId: 'worker_id' },
		geometry: 'MultiPolygon',
		label: `t.code || ' ' || t.name`,
		search: ['code', 'name'],
		inSubtree: subtreeAreas('community_id'),
		areasOf: async (_q, v) => (v.communityId ? [v.communityId as number] : []),
		retirable: false,
		check: async (q, v, id, changed) => {
			await communityOf(q, v.communityId, 'communityId');
			await ref(q, 'people', v.workerId, 'workerId', `kind = 'grid_worker'`, 'is not a grid worker (网格员)');
			if (changed.has('geom') || changed.has('communityId')) {
				await inside(q, v.geom, 'areas', v.communityId, 'community');
				// a redrawn cell must not overlap its neighbours (split / merge keep the whole tiling)
				const { rows } = await q.query(
					`WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
					 SELECT string_agg(c.code, ', ' ORDER BY c.code) AS codes FROM grid_cells c, g
					 WHERE c.community_id = $2 AND c.retired_at IS NULL AND c.id IS DISTINCT FROM $3
					   AND c.geom && g.g AND ST_Area(ST_Intersection(c.geom, g.g)::geography) >= 1.0`,
					[JSON.stringify(v.geom), v.communityId, id]
				);
				if (rows[0].codes) throw unprocessable('geom', `overlaps grid cells ${rows[0].codes}`);
			}
			return { district_id: await districtOfArea(q, v.communityId) };
		}
	},
	people: {
		table: 'people',
		place: 'areaId',
		columns: { name: 'name', phone: 'phone', kind: 'kind', areaId: 'area_id', companyId: 'company_id' },
		label: `t.name || ' (' || t.kind || ')'`,
		search: ['name'],
		inSubtree: subtreeAreas('area_id'),
		areasOf: async (_q, v) => (v.areaId ? [v.areaId as number] : []),
		retirable: true,
		check: async (q, v, id, changed) => {
			await ref(q, 'areas', v.areaId, 'areaId');
			await ref(q, 'property_companies', v.companyId, 'companyId');
			if (id !== null && (changed.has('retired') || changed.has('kind'))) {
				const { rows } = await q.query(
					`SELECT (SELECT count(*) FROM grid_cells WHERE worker_id = $1 AND retired_at IS NULL)::int AS cells,
					        (SELECT count(*) FROM buildings WHERE steward_id = $1 AND retired_at IS NULL)::int AS buildings`,
					[id]
				);
				const { cells, buildings } = rows[0];
				const leaving = v.retired === true;
				if ((leaving || v.kind !== 'grid_worker') && cells > 0)
					throw unprocessable(
						leaving ? 'retired' : 'kind',
						`still the grid worker of ${cells} grid cells: reassign them first`
					);
				if ((leaving || v.kind !== 'steward') && buildings > 0)
					throw unprocessable(
						leaving ? 'retired' : 'kind',
						`still the steward of ${buildings} buildings: reassign them first`
					);
			}
			return {};
		}
	},
	'cross-appointments': {
		table: 'cross_appointments',
		place: 'communityId',
		columns: {
			personId: 'person_id',
			direction: 'direction',
			communityId: 'community_id',
			companyId: 'company_id',
			title: 'title',
			startOn: 'start_on',
			endOn: 'end_on'
		},
		dates: ['startOn', 'endOn'],
		label: `t.title || ' ' || t.start_on::text`,
		search: ['title'],
		inSubtree: subtreeAreas('community_id'),
		areasOf: async (_q, v) => (v.communityId ? [v.communityId as number] : []),
		retirable: true,
		check: async (q, v) => {
			const want = v.direction === 'committee_to_company' ? 'committee_member' : 'company_head';
			await ref(q, 'people', v.personId, 'personId', `kind = '${want}'`, `is not a ${want}`);
			await communityOf(q, v.communityId, 'communityId');
			await ref(q, 'property_companies', v.companyId, 'companyId');
			return {};
		}
	},
	instructors: {
		table: 'party_instructors',
		place: 'personId',
		columns: { personId: 'person_id', companyId: 'company_id', startOn: 'start_on', endOn: 'end_on' },
		dates: ['startOn', 'endOn'],
		label: `'#' || t.id || ' ' || t.start_on::text`,
		search: [],
		inSubtree: (p) =>
			`t.person_id IN (SELECT pp.id FROM people pp JOIN areas a ON a.id = pp.area_id WHERE a.path @> ARRAY[${p}::int])`,
		areasOf: async (q, v) => {
			const { rows } = await q.query('SELECT area_id FROM people WHERE id = $1 AND area_id IS NOT NULL', [
				v.personId
			]);
			return rows.map((r) => r.area_id);
		},
		retirable: true,
		check: async (q, v) => {
			await ref(
				q,
				'people',
				v.personId,
				'personId',
				`kind = 'instructor'`,
				'is not an instructor (党建指导员)'
			);
			await ref(q, 'property_companies', v.companyId, 'companyId');
			return {};
		}
	},
	// owners' committees, joint meetings, decisions, consultations (src/lib/server/governance/specs.ts)
	...GOVERNANCE_SPECS
};
