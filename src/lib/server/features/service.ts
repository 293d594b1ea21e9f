// Details of one map feature for the side panel, in the user's scope. Staff names (grid worker,
// steward) only for roles that see personal data; never a resident's name or any phone number.
import { InputError } from '../http';
import { db } from '../db/pool';
import { ticketScopeCondition } from '../auth/scope';
import { seesPersonalData, type Scope } from '../auth/roles';
import type { LayerId } from '$lib/map/layer-ids';
import type { Crumb, FeatureDetails, FeatureLink } from '$lib/map/types';
import { companyPanelFields, compoundPanelFields } from '../governance/service';
import companyLinksSql from './company-links.sql?raw';
import reachSql from './reach.sql?raw';

export type { Crumb, FeatureDetails, FieldValue } from '$lib/map/types';

const OPEN = `t.status NOT IN ('resolved', 'closed', 'rejected')`;
const GEO = (g: string) => `
	CASE WHEN ST_Contains(${g}, ST_Centroid(${g})) THEN ARRAY[ST_X(ST_Centroid(${g})), ST_Y(ST_Centroid(${g}))]
	     ELSE ARRAY[ST_X(ST_PointOnSurface(${g})), ST_Y(ST_PointOnSurface(${g}))] END AS center,
	ARRAY[ST_XMin(${g}), ST_YMin(${g}), ST_XMax(${g}), ST_YMax(${g})] AS bbox`;

async function areaPath(areaId: number | null): Promise<Crumb[]> {
	if (areaId === null) return [];
	const { rows } = await db().query<Crumb>(
		`SELECT 'areas' AS layer, p.id, p.name, p.level FROM areas a JOIN areas p ON p.id = ANY (a.path)
		 WHERE a.id = $1 ORDER BY array_position(a.path, p.id)`,
		[areaId]
	);
	return rows;
}

/** Open (and overdue) tickets matching `where` (on alias t) that the scope may count. */
async function ticketCounts(scope: Scope, where: string, id: number) {
	const s = ticketScopeCondition(scope, 2);
	const { rows } = await db().query<{ open: number; overdue: number }>(
		`SELECT count(*) FILTER (WHERE ${OPEN})::int AS open,
		        count(*) FILTER (WHERE ${OPEN} AND t.due_at < now())::int AS overdue
		 FROM tickets t WHERE ${where} AND (${s.sql})`,
		[id, ...s.params]
	);
	return rows[0];
}

function notFound(layer: string, id: number): never {
	throw new InputError(404, 'id', `${layer} ${id} does not exist`);
}

/**
 * A feature's details for the side panel (see `details`), with how much of it lies in the viewer's
 * scope (ticket counts outside it are null, never a partial count that looks like a total), and for
 * compounds and companies the company's links and, for a company, its compounds to highlight.
 */
export async function featureDetails(layer: LayerId, id: number, scope: Scope): Promise<FeatureDetails> {
	const d = await details(layer, id, scope);
	const reach = await scopeReach(layer, id, scope);
	if (reach) {
		d.scope = reach;
		if (reach === 'outside')
			d.fields = d.fields.map(([k, v]) => [k, k === 'openTickets' || k === 'overdueTickets' ? null : v]);
	}
	const companyId = layer === 'companies' ? id : layer === 'compounds' ? await compoundCompany(id) : null;
	if (companyId) d.links = await companyLinks(companyId, seesPersonalData(scope));
	if (layer === 'companies') d.highlight = await companyCompounds(id);
	return d;
}

/** How much of a feature the scope covers, for the kinds that carry ticket counts (null: no counts). */
async function scopeReach(layer: LayerId, id: number, scope: Scope): Promise<FeatureDetails['scope'] | null> {
	if (!['areas', 'compounds', 'buildings', 'grid-cells', 'companies'].includes(layer)) return null;
	if (scope.kind === 'all' || scope.kind === 'aggregates') return 'whole';
	// a grid worker's or steward's counts are their own tickets only
	if (scope.kind !== 'area') return 'part';
	const { rows } = await db().query<{ reach: 'whole' | 'part' | 'outside' }>(reachSql, [
		layer,
		id,
		scope.areaId
	]);
	return rows[0]?.reach ?? 'outside';
}

async function compoundCompany(id: number): Promise<number | null> {
	const { rows } = await db().query('SELECT company_id FROM compounds WHERE id = $1', [id]);
	return rows[0]?.company_id ?? null;
}

/** The company, its current party organizations, instructors and cross-appointed supervisors. */
async function companyLinks(companyId: number, names: boolean): Promise<FeatureLink[]> {
	const { rows } = await db().query(companyLinksSql, [companyId]);
	const c = rows[0];
	if (!c) return [];
	const scorecard = `/companies/${companyId}`;
	return [
		{ role: 'company', name: c.name, title: c.party_status, select: { layer: 'companies', id: companyId } },
		...c.orgs.map((o: { id: number; name: string }) => ({
			role: 'partyOrg' as const,
			name: o.name,
			select: { layer: 'party-orgs' as const, id: o.id }
		})),
		...c.instructors.map((p: { name: string }) => ({
			role: 'instructor' as const,
			name: names ? p.name : null,
			href: scorecard
		})),
		...c.supervisors.map((p: { name: string; title: string }) => ({
			role: 'supervisor' as const,
			name: names ? p.name : null,
			title: p.title,
			href: scorecard
		}))
	];
}

/** The company's compounds as GeoJSON (id = compound id), simplified to about a metre. */
async function companyCompounds(companyId: number): Promise<GeoJSON.FeatureCollection> {
	const { rows } = await db().query(
		`SELECT c.id, ST_AsGeoJSON(ST_Simplify(c.geom, 0.00001, true), 6)::json AS geometry
		 FROM compounds c WHERE c.company_id = $1 AND c.retired_at IS NULL ORDER BY c.id`,
		[companyId]
	);
	return {
		type: 'FeatureCollection',
		features: rows.map((r) => ({ type: 'Feature', id: r.id, geometry: r.geometry, properties: { id: r.id } }))
	};
}

async function details(layer: LayerId, id: number, scope: Scope): Promise<FeatureDetails> {
	const names = seesPersonalData(scope);
	switch (layer) {
		case 'areas': {
			const { rows } = await db().query(
				`SELECT a.id, a.name, a.level, a.code, a.households, a.population, ${GEO('a.geom')},
				   (SELECT count(*)::int FROM compounds c JOIN areas cm ON cm.id = c.community_id
				    WHERE cm.path @> ARRAY[a.id] AND c.retired_at IS NULL) AS compounds
				 FROM areas a WHERE a.id = $1`,
				[id]
			);
			const a = rows[0] ?? notFound(layer, id);
			const t = await ticketCounts(
				scope,
				't.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])',
				id
			);
			return {
				layer,
				id,
				name: a.name,
				center: a.center,
				bbox: a.bbox,
				fields: [
					['level', a.level],
					['code', a.code],
					['households', a.households],
					['population', a.population],
					['compounds', a.compounds],
					['openTickets', t.open],
					['overdueTickets', t.overdue]
				],
				path: await areaPath(a.id)
			};
		}
		case 'compounds': {
			const { rows } = await db().query(
				`SELECT c.id, c.name, c.address, c.households, c.population, c.year_built, c.community_id,
				   pc.name AS company, s.party_status, ${GEO('c.geom')},
				   (SELECT count(*)::int FROM buildings b WHERE b.compound_id = c.id AND b.retired_at IS NULL) AS buildings
				 FROM compounds c LEFT JOIN property_companies pc ON pc.id = c.company_id
				   LEFT JOIN company_party_status s ON s.company_id = c.company_id
				 WHERE c.id = $1`,
				[id]
			);
			const c = rows[0] ?? notFound(layer, id);
			const t = await ticketCounts(scope, 't.compound_id = $1', id);
			return {
				layer,
				id,
				name: c.name,
				center: c.center,
				bbox: c.bbox,
				fields: [
					['company', c.company],
					['partyStatus', c.party_status ?? 'none'],
					['households', c.households],
					['population', c.population],
					['buildings', c.buildings],
					['yearBuilt', c.year_built],
					['address', c.address],
					['openTickets', t.open],
					['overdueTickets', t.overdue],
					// owners' committee and joint meetings (src/lib/server/governance)
					...(await compoundPanelFields(id))
				],
				path: [
					...(await areaPath(c.community_id)),
					{ layer: 'compounds', id: c.id, name: c.name, level: 'compound' }
				]
			};
		}
		case 'buildings': {
			const { rows } = await db().query(
				`SELECT b.id, b.number, b.floors, b.households, c.id AS compound_id, c.name AS compound,
				   c.community_id, p.name AS steward, ${GEO('b.geom')}
				 FROM buildings b JOIN compounds c ON c.id = b.compound_id LEFT JOIN people p ON p.id = b.steward_id
				 WHERE b.id = $1`,
				[id]
			);
			const b = rows[0] ?? notFound(layer, id);
			const t = await ticketCounts(scope, 't.building_id = $1', id);
			return {
				layer,
				id,
				name: `${b.compound} ${b.number}`,
				center: b.center,
				bbox: b.bbox,
				fields: [
					['compound', b.compound],
					['number', b.number],
					['floors', b.floors],
					['households', b.households],
					['steward', names ? b.steward : null],
					['openTickets', t.open],
					['overdueTickets', t.overdue]
				],
				path: [
					...(await areaPath(b.community_id)),
					{ layer: 'compounds', id: b.compound_id, name: b.compound, level: 'compound' }
				]
			};
		}
		case 'grid-cells': {
			const { rows } = await db().query(
				`SELECT g.id, g.code, g.name, g.community_id, p.name AS worker, ${GEO('g.geom')},
				   (SELECT coalesce(sum(b.households), 0)::int FROM buildings b
				    WHERE b.geom && g.geom AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND b.retired_at IS NULL) AS households
				 FROM grid_cells g LEFT JOIN people p ON p.id = g.worker_id WHERE g.id = $1`,
				[id]
			);
			const g = rows[0] ?? notFound(layer, id);
			const t = await ticketCounts(scope, 't.grid_cell_id = $1', id);
			return {
				layer,
				id,
				name: g.name,
				center: g.center,
				bbox: g.bbox,
				fields: [
					['code', g.code],
					['worker', names ? g.worker : null],
					['households', g.households],
					['openTickets', t.open],
					['overdueTickets', t.overdue]
				],
				path: await areaPath(g.community_id)
			};
		}
		case 'facilities': {
			const { rows } = await db().query(
				`SELECT f.id, f.name, f.type, f.capacity, f.floor_area, to_char(f.opened_on, 'YYYY-MM-DD') AS opened_on,
				   f.area_id, c.name AS compound, ${GEO('f.geom')}
				 FROM facilities f LEFT JOIN compounds c ON c.id = f.compound_id WHERE f.id = $1`,
				[id]
			);
			const f = rows[0] ?? notFound(layer, id);
			return {
				layer,
				id,
				name: f.name,
				center: f.center,
				bbox: f.bbox,
				fields: [
					['type', f.type],
					['capacity', f.capacity],
					['floorArea', f.floor_area],
					['openedOn', f.opened_on],
					['compound', f.compound]
				],
				path: await areaPath(f.area_id)
			};
		}
		case 'party-orgs': {
			const { rows } = await db().query(
				`SELECT o.id, o.name, o.kind, o.members, to_char(o.founded_on, 'YYYY-MM-DD') AS founded_on,
				   par.name AS parent, c.name AS compound, coalesce(o.area_id, c.community_id) AS area_id,
				   (SELECT string_agg(pc.name, '、' ORDER BY pc.name) FROM party_org_companies x
				    JOIN property_companies pc ON pc.id = x.company_id WHERE x.org_id = o.id AND x.end_on IS NULL) AS companies,
				   ${GEO('coalesce(o.geom, c.geom, a.geom)')}
				 FROM party_orgs o LEFT JOIN party_orgs par ON par.id = o.parent_id
				   LEFT JOIN compounds c ON c.id = o.compound_id LEFT JOIN areas a ON a.id = o.area_id
				 WHERE o.id = $1`,
				[id]
			);
			const o = rows[0] ?? notFound(layer, id);
			return {
				layer,
				id,
				name: o.name,
				center: o.center[0] === null ? null : o.center,
				bbox: o.bbox[0] === null ? null : o.bbox,
				fields: [
					['kind', o.kind],
					['parent', o.parent],
					['members', o.members],
					['foundedOn', o.founded_on],
					['compound', o.compound],
					['companies', o.companies]
				],
				path: await areaPath(o.area_id)
			};
		}
		case 'companies': {
			const { rows } = await db().query(
				`SELECT pc.id, pc.name, pc.credit_code, pc.party_members, s.party_status,
				   (SELECT count(*)::int FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL) AS compounds,
				   (SELECT coalesce(sum(c.households), 0)::int FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL) AS households,
				   (SELECT string_agg(o.name, '、' ORDER BY o.name) FROM party_org_companies x JOIN party_orgs o ON o.id = x.org_id
				    WHERE x.company_id = pc.id AND x.end_on IS NULL AND o.retired_at IS NULL) AS party_orgs,
				   (SELECT ARRAY[ST_X(p), ST_Y(p)] FROM (SELECT ST_PointOnSurface(ST_Collect(c.geom)) AS p
				    FROM compounds c WHERE c.company_id = pc.id AND c.retired_at IS NULL) x) AS center,
				   (SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] FROM (SELECT ST_Extent(c.geom)::geometry AS e FROM compounds c WHERE c.company_id = pc.id) x) AS bbox
				 FROM property_companies pc JOIN company_party_status s ON s.company_id = pc.id WHERE pc.id = $1`,
				[id]
			);
			const c = rows[0] ?? notFound(layer, id);
			const t = await ticketCounts(scope, 't.company_id = $1', id);
			return {
				layer,
				id,
				name: c.name,
				center: c.center?.[0] == null ? null : c.center,
				bbox: c.bbox?.[0] == null ? null : c.bbox,
				fields: [
					['creditCode', c.credit_code],
					['partyStatus', c.party_status],
					['partyMembers', c.party_members],
					['partyOrgs', c.party_orgs],
					['compounds', c.compounds],
					['households', c.households],
					['openTickets', t.open],
					['overdueTickets', t.overdue],
					...(await companyPanelFields(id))
				],
				path: []
			};
		}
		case 'tickets': {
			if (scope.kind === 'aggregates')
				throw new InputError(403, 'tickets', 'your role sees aggregated figures only');
			const s = ticketScopeCondition(scope, 2);
			const { rows } = await db().query(
				`SELECT t.id, t.code, t.category, t.urgency, t.status, t.created_at, t.due_at, (t.due_at < now() AND ${OPEN}) AS overdue,
				   t.community_id, c.name AS compound, c.id AS compound_id, ARRAY[ST_X(t.geom), ST_Y(t.geom)] AS center
				 FROM tickets t LEFT JOIN compounds c ON c.id = t.compound_id WHERE t.id = $1 AND (${s.sql})`,
				[id, ...s.params]
			);
			// not in scope reads as absent: no leak of which ids exist
			const t = rows[0];
			if (!t) throw new InputError(404, 'id', `tickets ${id} does not exist or is outside your scope`);
			const path = await areaPath(t.community_id);
			if (t.compound_id)
				path.push({ layer: 'compounds', id: t.compound_id, name: t.compound, level: 'compound' });
			return {
				layer,
				id,
				name: t.code,
				center: t.center,
				bbox: null,
				fields: [
					['category', t.category],
					['urgency', t.urgency],
					['status', t.status],
					['createdAt', t.created_at.toISOString()],
					['dueAt', t.due_at.toISOString()],
					['overdue', t.overdue],
					['compound', t.compound]
				],
				path
			};
		}
	}
}
