// The layers as features (export, OGC API – Features): one SQL per layer giving id, geom, props (json,
// in the field order below), area_id (for the area filter) and dt (the feature's time, or NULL), and
// one query builder that filters them by bbox, area, time, id and the user's scope.
import type { LayerId } from '$lib/map/layer-ids';
import { assertSees, sees, SqlWhere, whereTickets } from '../auth/scope';
import type { Scope } from '../auth/roles';
import areasSql from './areas.sql?raw';
import gridCellsSql from './grid-cells.sql?raw';
import compoundsSql from './compounds.sql?raw';
import buildingsSql from './buildings.sql?raw';
import facilitiesSql from './facilities.sql?raw';
import partyOrgsSql from './party-orgs.sql?raw';
import companiesSql from './companies.sql?raw';
import ticketsSql from './tickets.sql?raw';

export type FieldType = 'string' | 'integer' | 'number' | 'date' | 'datetime';
export type GeometryKind = 'Point' | 'MultiPolygon';

export interface FeatureLayer {
	id: LayerId;
	title: string;
	sql: string;
	geometry: GeometryKind;
	/** property → type, in the order of the SQL's props */
	fields: Record<string, FieldType>;
	/** Whether features have a time (dt) that the datetime filter applies to */
	temporal: boolean;
	/**
	 * Whether the SQL also gives `place` / `place_source`: where a feature without its own geometry is
	 * drawn (its compound's or area's place, as the map and the point search draw it), for the OGC API
	 */
	place?: boolean;
}

const L = (
	id: LayerId,
	title: string,
	sql: string,
	geometry: GeometryKind,
	fields: Record<string, FieldType>,
	temporal = false
): FeatureLayer => ({ id, title, sql, geometry, fields, temporal });
/** A layer whose SQL gives `place` and `place_source` too (see FeatureLayer.place). */
const P = (...a: Parameters<typeof L>): FeatureLayer => ({ ...L(...a), place: true });

export const FEATURE_LAYERS: Record<LayerId, FeatureLayer> = {
	areas: L('areas', '行政区划 Areas (city, districts, streets, communities)', areasSql, 'MultiPolygon', {
		code: 'string',
		name: 'string',
		level: 'string',
		parent_code: 'string',
		population: 'integer',
		households: 'integer'
	}),
	'grid-cells': L('grid-cells', '网格 Grid cells', gridCellsSql, 'MultiPolygon', {
		code: 'string',
		name: 'string',
		community_code: 'string'
	}),
	compounds: L('compounds', '小区 Residential compounds', compoundsSql, 'MultiPolygon', {
		code: 'string',
		name: 'string',
		address: 'string',
		community_code: 'string',
		company_credit_code: 'string',
		households: 'integer',
		population: 'integer',
		year_built: 'integer'
	}),
	buildings: L('buildings', '楼栋 Buildings', buildingsSql, 'MultiPolygon', {
		code: 'string',
		compound_code: 'string',
		number: 'string',
		floors: 'integer',
		households: 'integer'
	}),
	facilities: L(
		'facilities',
		'公共设施 Public facilities',
		facilitiesSql,
		'Point',
		{
			code: 'string',
			type: 'string',
			name: 'string',
			capacity: 'integer',
			floor_area: 'number',
			opened_on: 'date',
			area_code: 'string',
			compound_code: 'string'
		},
		true
	),
	'party-orgs': P(
		'party-orgs',
		'党组织 Party organizations',
		partyOrgsSql,
		'Point',
		{
			code: 'string',
			name: 'string',
			kind: 'string',
			parent_code: 'string',
			area_code: 'string',
			compound_code: 'string',
			members: 'integer',
			founded_on: 'date',
			company_credit_codes: 'string'
		},
		true
	),
	companies: P(
		'companies',
		'物业服务企业 Property companies (drawn as the compounds they manage)',
		companiesSql,
		'MultiPolygon',
		{
			credit_code: 'string',
			name: 'string',
			address: 'string',
			party_members: 'integer',
			party_status: 'string'
		}
	),
	tickets: L(
		'tickets',
		'工单 Tickets (in your scope; no personal data)',
		ticketsSql,
		'Point',
		{
			code: 'string',
			category: 'string',
			urgency: 'string',
			status: 'string',
			description: 'string',
			source: 'string',
			created_at: 'datetime',
			due_at: 'datetime',
			resolved_at: 'datetime',
			closed_at: 'datetime',
			satisfaction: 'integer'
		},
		true
	)
};

/** Layers a scope may read as features: planners see aggregates only, never single tickets. */
export const layersFor = (scope: Scope): FeatureLayer[] =>
	Object.values(FEATURE_LAYERS).filter((l) => l.id !== 'tickets' || sees(scope, 'exports'));

export interface FeatureFilter {
	/** minLon, minLat, maxLon, maxLat (WGS84); minLon > maxLon crosses the antimeridian */
	bbox?: [number, number, number, number];
	/**
	 * Draw a feature without its own geometry at its place (layers with `place`), and say where the
	 * geometry came from in a `geometry_source` property (OGC API); exports keep the own geometry
	 */
	place?: boolean;
	areaId?: number;
	/** [from, to], either open (null) */
	datetime?: [Date | null, Date | null];
	id?: number;
	limit?: number;
	offset?: number;
	/** Residents' free text of tickets (only admins exporting their own data) */
	withDescription?: boolean;
}

/**
 * The SQL of a layer's features under a filter and scope: `rows` (id, props, geometry as GeoJSON
 * text, ordered by id, paged) and `count` (the number matched). Conditions are on alias t; the bbox
 * and area conditions reach the table's indexes (the layer SQL is a plain subquery, flattened).
 */
export function featureQuery(layer: FeatureLayer, f: FeatureFilter, scope: Scope) {
	if (layer.id === 'tickets') assertSees(scope, 'exports', 'tickets');
	const w = new SqlWhere();
	const placed = !!(f.place && layer.place);
	const g = placed ? 't.place' : 't.geom';
	if (f.bbox) {
		// a box that crosses the antimeridian (minLon > maxLon) is two boxes, east and west of it
		const [x0, y0, x1, y1] = f.bbox;
		const boxes: [number, number, number, number][] =
			x0 > x1
				? [
						[x0, y0, 180, y1],
						[-180, y0, x1, y1]
					]
				: [[x0, y0, x1, y1]];
		const parts = boxes.map((box) => {
			const [a, b, c, d] = box.map((v) => w.p(v));
			return `(${g} && ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326)
			AND ST_Intersects(${g}, ST_MakeEnvelope(${a}, ${b}, ${c}, ${d}, 4326)))`;
		});
		w.and(parts.join(' OR '));
	}
	if (f.areaId !== undefined)
		w.and(`t.area_id IN (SELECT id FROM areas WHERE path @> ARRAY[${w.p(f.areaId)}::int])`);
	if (f.datetime && layer.temporal) {
		const [from, to] = f.datetime;
		if (from) w.and(`t.dt >= ${w.p(from)}`);
		if (to) w.and(`t.dt <= ${w.p(to)}`);
	}
	if (f.id !== undefined) w.and(`t.id = ${w.p(f.id)}`);
	if (layer.id === 'tickets') whereTickets(scope, 'exports', w);
	const params = w.params;
	const from = `FROM (${layer.sql.replace('/*description*/NULL', f.withDescription ? 't.description' : 'NULL')}) t
		WHERE ${w.sql}`;
	const page = `${f.limit !== undefined ? `LIMIT ${Math.trunc(f.limit)}` : ''} ${f.offset ? `OFFSET ${Math.trunc(f.offset)}` : ''}`;
	const source = placed ? ', t.place_source AS geometry_source' : '';
	return {
		rows: `SELECT t.id, t.props, ST_AsGeoJSON(${g}, 7) AS geometry${source} ${from} ORDER BY t.id ${page}`,
		count: `SELECT count(*)::int AS n ${from}`,
		extent: `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1,
			(SELECT min(t.dt) ${from}) AS t0, (SELECT max(t.dt) ${from}) AS t1
			FROM (SELECT ST_Extent(${g})::geometry AS e ${from}) x`,
		params
	};
}

export interface FeatureRow {
	id: number;
	props: Record<string, unknown>;
	geometry: string | null;
	/** with FeatureFilter.place: 'own', 'compound', 'compounds' or 'area' (null: no geometry at all) */
	geometry_source?: string | null;
}

export const toFeature = (r: FeatureRow) => ({
	type: 'Feature' as const,
	id: r.id,
	geometry: r.geometry ? JSON.parse(r.geometry) : null,
	properties: r.geometry_source !== undefined ? { ...r.props, geometry_source: r.geometry_source } : r.props
});
