// Details of one map feature for the side panel, in the user's scope: one SQL file per layer
// (<layer>.sql beside it, $1 the feature's id) and, per layer, the fields it shows. Staff names (grid
// worker, steward) only for roles that see people; never a resident's name or any phone number.
// Ticket counts on a panel and the ticket panel itself follow the scope module (auth/scope.ts).
import { InputError } from '../http';
import { db } from '../db/pool';
import { sees, SqlWhere, whereTickets } from '../auth/scope';
import type { Scope } from '../auth/roles';
import type { LayerId } from '$lib/map/layer-ids';
import type { Crumb, FeatureDetails, FeatureLink, FieldValue } from '$lib/map/types';
import areasSql from './areas.sql?raw';
import compoundsSql from './compounds.sql?raw';
import buildingsSql from './buildings.sql?raw';
import gridCellsSql from './grid-cells.sql?raw';
import facilitiesSql from './facilities.sql?raw';
import partyOrgsSql from './party-orgs.sql?raw';
import companiesSql from './companies.sql?raw';
import ticketsSql from './tickets.sql?raw';
import ticketCountsSql from './ticket-counts.sql?raw';
import companyLinksSql from './company-links.sql?raw';
import reachSql from './reach.sql?raw';
import { companyPanelFields, compoundPanelFields } from '../governance/service';

export type { Crumb, FeatureDetails, FieldValue } from '$lib/map/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

interface Panel {
	/** the layer's SQL: one row for $1, with area_id (for the breadcrumb), center and bbox */
	sql: string;
	/** the tickets counted on the panel: a condition on tickets t, $1 the feature's id */
	tickets?: string;
	name: (r: Row) => string;
	/** the fields shown, in order; `names` says whether staff names may be shown */
	fields: (r: Row, names: boolean) => [string, FieldValue][];
	/** fields of other domains shown after the ticket counts, by the feature's id */
	more?: (id: number) => Promise<[string, FieldValue][]>;
	/** crumbs after the area path (a building's or ticket's compound) */
	crumbs?: (r: Row) => Crumb[];
}

const compoundCrumb = (id: number | null, name: string): Crumb[] =>
	id ? [{ layer: 'compounds', id, name, level: 'compound' }] : [];

const PANELS: Record<LayerId, Panel> = {
	areas: {
		sql: areasSql,
		tickets: 't.community_id IN (SELECT id FROM areas WHERE path @> ARRAY[$1::int])',
		name: (a) => a.name,
		fields: (a) => [
			['level', a.level],
			['code', a.code],
			['households', a.households],
			['population', a.population],
			['compounds', a.compounds]
		]
	},
	compounds: {
		sql: compoundsSql,
		tickets: 't.compound_id = $1',
		name: (c) => c.name,
		fields: (c) => [
			['company', c.company],
			['partyStatus', c.party_status ?? 'none'],
			['households', c.households],
			['population', c.population],
			['buildings', c.buildings],
			['yearBuilt', c.year_built],
			['address', c.address]
		],
		// owners' committee and joint meetings (src/lib/server/governance)
		more: compoundPanelFields,
		crumbs: (c) => compoundCrumb(c.id, c.name)
	},
	buildings: {
		sql: buildingsSql,
		tickets: 't.building_id = $1',
		name: (b) => `${b.compound} ${b.number}`,
		fields: (b, names) => [
			['compound', b.compound],
			['number', b.number],
			['floors', b.floors],
			['households', b.households],
			['steward', names ? b.steward : null]
		],
		crumbs: (b) => compoundCrumb(b.compound_id, b.compound)
	},
	'grid-cells': {
		sql: gridCellsSql,
		tickets: 't.grid_cell_id = $1',
		name: (g) => g.name,
		fields: (g, names) => [
			['code', g.code],
			['worker', names ? g.worker : null],
			['households', g.households]
		]
	},
	facilities: {
		sql: facilitiesSql,
		name: (f) => f.name,
		fields: (f) => [
			['type', f.type],
			['capacity', f.capacity],
			['floorArea', f.floor_area],
			['openedOn', f.opened_on],
			['compound', f.compound]
		]
	},
	'party-orgs': {
		sql: partyOrgsSql,
		name: (o) => o.name,
		fields: (o) => [
			['kind', o.kind],
			['parent', o.parent],
			['members', o.members],
			['foundedOn', o.founded_on],
			['compound', o.compound],
			['companies', o.companies]
		]
	},
	companies: {
		sql: companiesSql,
		tickets: 't.company_id = $1',
		name: (c) => c.name,
		fields: (c) => [
			['creditCode', c.credit_code],
			['partyStatus', c.party_status],
			['partyMembers', c.party_members],
			['partyOrgs', c.party_orgs],
			['compounds', c.compounds],
			['households', c.households]
		],
		more: companyPanelFields
	},
	tickets: {
		sql: ticketsSql,
		name: (t) => t.code,
		fields: (t) => [
			['category', t.category],
			['urgency', t.urgency],
			['status', t.status],
			['createdAt', t.created_at.toISOString()],
			['dueAt', t.due_at.toISOString()],
			['overdue', t.overdue],
			['compound', t.compound]
		],
		crumbs: (t) => compoundCrumb(t.compound_id, t.compound)
	}
};

/** The breadcrumb from the city down to an area. */
async function areaPath(areaId: number | null): Promise<Crumb[]> {
	if (areaId === null) return [];
	const { rows } = await db().query<Crumb>(
		`SELECT 'areas' AS layer, p.id, p.name, p.level FROM areas a JOIN areas p ON p.id = ANY (a.path)
		 WHERE a.id = $1 ORDER BY array_position(a.path, p.id)`,
		[areaId]
	);
	return rows;
}

/** Open (and overdue) tickets matching `where` (on alias t, $1 the feature's id) that the scope may count. */
async function ticketCounts(scope: Scope, where: string, id: number) {
	const w = whereTickets(scope, 'ticket-counts', new SqlWhere([id]).and(where));
	const { rows } = await db().query<{ open: number; overdue: number }>(
		ticketCountsSql.replace('/*where*/ true', w.sql),
		w.params
	);
	return rows[0];
}

/** A point or box from SQL, or null when the feature has no geometry (its values are NULL). */
const point = <T extends number[]>(p: T | null | undefined): T | null =>
	p == null || p[0] == null ? null : p;

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
	if (companyId) d.links = await companyLinks(companyId, sees(scope, 'people'));
	if (layer === 'companies') d.highlight = await companyCompounds(id);
	return d;
}

/** How much of a feature the scope covers, for the kinds that carry ticket counts (null: no counts). */
async function scopeReach(layer: LayerId, id: number, scope: Scope): Promise<FeatureDetails['scope'] | null> {
	return (await scopeReaches([{ layer, id }], scope))[0];
}

/** The layers whose features carry ticket counts, hence a scope reach. */
const REACH_LAYERS: readonly string[] = ['areas', 'compounds', 'buildings', 'grid-cells', 'companies'];

/**
 * How much of each feature the scope covers (the label of its figures: 'whole'; 'part', 其中本辖区;
 * 'outside', 不在本辖区), in the order given; null for kinds with no ticket counts. One query for
 * all (sql/reach.sql). Admins and planners see whole features; a grid worker's or steward's counts
 * are their own tickets only ('part').
 */
export async function scopeReaches(
	features: readonly { layer: string; id: number }[],
	scope: Scope
): Promise<(FeatureDetails['scope'] | null)[]> {
	const counted = features.map((f) => REACH_LAYERS.includes(f.layer));
	if (scope.kind === 'all' || scope.kind === 'aggregates') return counted.map((c) => (c ? 'whole' : null));
	if (scope.kind !== 'area' && scope.kind !== 'dispatch') return counted.map((c) => (c ? 'part' : null));
	const asked = features.filter((_, i) => counted[i]);
	const { rows } = asked.length
		? await db().query<{ ord: number; reach: 'whole' | 'part' | 'outside' | null }>(reachSql, [
				asked.map((f) => f.layer),
				asked.map((f) => f.id),
				scope.areaId
			])
		: { rows: [] };
	let k = 0;
	return counted.map((c) => (c ? (rows[k++]?.reach ?? 'outside') : null));
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

/**
 * The side panel of feature `id` of `layer`: name, label point and bbox (WGS84 lon/lat, null when it
 * has no geometry), its fields, open / overdue tickets in the scope for the layers that have them,
 * and the breadcrumb. 404 when it does not exist; a ticket outside the scope reads as absent (404,
 * no leak of which ids exist); 403 (ScopeError) for a ticket when the role sees aggregates only.
 */
async function details(layer: LayerId, id: number, scope: Scope): Promise<FeatureDetails> {
	const panel = PANELS[layer];
	const w = new SqlWhere([id]);
	const sql =
		layer === 'tickets'
			? panel.sql.replace('/*scope*/ true', whereTickets(scope, 'tickets', w).sql)
			: panel.sql;
	const { rows } = await db().query(sql, w.params);
	// a ticket not in scope reads as absent: no leak of which ids exist
	const r = rows[0];
	if (!r)
		throw new InputError(
			404,
			'id',
			layer === 'tickets'
				? `tickets ${id} does not exist or is outside your scope`
				: `${layer} ${id} does not exist`
		);
	const fields = panel.fields(r, sees(scope, 'people'));
	if (panel.tickets) {
		const t = await ticketCounts(scope, panel.tickets, id);
		fields.push(['openTickets', t.open], ['overdueTickets', t.overdue]);
	}
	if (panel.more) fields.push(...(await panel.more(id)));
	return {
		layer,
		id,
		name: panel.name(r),
		center: point<[number, number]>(r.center),
		bbox: point<[number, number, number, number]>(r.bbox),
		fields,
		path: [...(await areaPath(r.area_id)), ...(panel.crumbs?.(r) ?? [])]
	};
}
