// Imports a file into a layer: read (GDAL), map columns to our fields, convert the CRS, stage the rows
// in PostGIS, check them (every reject: row, field, reason), then — unless it is a preview or a dry run
// — write them all in the same transaction, updating rows whose code already exists. Nothing is written
// from a file with rejects unless the user chose to skip them.
import type pg from 'pg';
import { z } from 'zod';
import { db } from '../db/pool';
import { InputError, parseWith } from '../http';
import type { LonLat } from '../geo/crs';
import type { Geometry } from 'geojson';
import type { ImportMessage, ImportReject, ImportRepair, ImportReport } from '../../api-types';
import { IMPORT_LAYER_IDS, isImportLayerId, type ImportLayerId } from '../../map/layer-ids';
import { autoMapping, checkMapping, IMPORT_LAYERS, mapRow, type ImportLayer, type Mapping } from './fields';
import { crsLabel, INTERPRETATIONS, mapPositions, parseCrs, samplePosition, type ImportCrs } from './crs';
import { ENCODINGS, withSource, type SourceData, type SourceFeature } from './read';
import { slaRules, workingCalendar } from '../tickets/service';
import { dueTimes, type SlaRule } from '../tickets/sla';
import tempSql from './temp.sql?raw';
import stageSql from './stage.sql?raw';
import invalidSql from './invalid.sql?raw';
import checkCommonSql from './check-common.sql?raw';
import offsetSql from './offset.sql?raw';
import partyOrgLinksSql from './party-orgs-links.sql?raw';

import checkAreasSql from './check-areas.sql?raw';
import checkGridCellsSql from './check-grid-cells.sql?raw';
import checkCompoundsSql from './check-compounds.sql?raw';
import checkBuildingsSql from './check-buildings.sql?raw';
import checkFacilitiesSql from './check-facilities.sql?raw';
import checkPartyOrgsSql from './check-party-orgs.sql?raw';
import checkCompaniesSql from './check-companies.sql?raw';
import checkTicketsSql from './check-tickets.sql?raw';
import upsertAreasSql from './upsert-areas.sql?raw';
import upsertGridCellsSql from './upsert-grid-cells.sql?raw';
import upsertCompoundsSql from './upsert-compounds.sql?raw';
import upsertBuildingsSql from './upsert-buildings.sql?raw';
import upsertFacilitiesSql from './upsert-facilities.sql?raw';
import upsertPartyOrgsSql from './upsert-party-orgs.sql?raw';
import upsertCompaniesSql from './upsert-companies.sql?raw';
import upsertTicketsSql from './upsert-tickets.sql?raw';
import checkPeopleSql from './check-people.sql?raw';
import upsertPeopleSql from './upsert-people.sql?raw';
import checkCommitteesSql from './check-owner-committees.sql?raw';
import upsertCommitteesSql from './upsert-owner-committees.sql?raw';
import checkMembersSql from './check-committee-members.sql?raw';
import upsertMembersSql from './upsert-committee-members.sql?raw';
import checkMeetingsSql from './check-meetings.sql?raw';
import upsertMeetingsSql from './upsert-meetings.sql?raw';

const LAYER_SQL: Record<ImportLayerId, { check: string; upsert: string }> = {
	areas: { check: checkAreasSql, upsert: upsertAreasSql },
	'grid-cells': { check: checkGridCellsSql, upsert: upsertGridCellsSql },
	compounds: { check: checkCompoundsSql, upsert: upsertCompoundsSql },
	buildings: { check: checkBuildingsSql, upsert: upsertBuildingsSql },
	facilities: { check: checkFacilitiesSql, upsert: upsertFacilitiesSql },
	'party-orgs': { check: checkPartyOrgsSql, upsert: upsertPartyOrgsSql },
	companies: { check: checkCompaniesSql, upsert: upsertCompaniesSql },
	tickets: { check: checkTicketsSql, upsert: upsertTicketsSql },
	people: { check: checkPeopleSql, upsert: upsertPeopleSql },
	'owner-committees': { check: checkCommitteesSql, upsert: upsertCommitteesSql },
	'committee-members': { check: checkMembersSql, upsert: upsertMembersSql },
	meetings: { check: checkMeetingsSql, upsert: upsertMeetingsSql }
};
const layerSql = (kind: 'check' | 'upsert', layer: ImportLayerId) => LAYER_SQL[layer][kind];

/** Parameters of each upsert: whether a defaulted count field was mapped (else an update keeps it). */
const UPSERT_FLAGS: Partial<Record<ImportLayerId, string[]>> = {
	compounds: ['households', 'population'],
	buildings: ['households'],
	'party-orgs': ['members'],
	companies: ['party_members']
};
const TABLES: Partial<Record<ImportLayerId, string>> = {
	areas: 'areas',
	'grid-cells': 'grid_cells',
	compounds: 'compounds',
	buildings: 'buildings',
	facilities: 'facilities',
	'party-orgs': 'party_orgs',
	tickets: 'tickets'
};

const bool = z
	.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off', ''])])
	.transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

export const ImportOptions = z.object({
	mode: z.enum(['preview', 'dry-run', 'commit']).default('dry-run'),
	crs: z.string().max(40).optional(),
	encoding: z.enum(ENCODINGS).optional(),
	mapping: z.record(z.string(), z.string().max(200)).default({}),
	skipInvalid: bool.default(false),
	repair: bool.default(false)
});
export type ImportOptions = z.input<typeof ImportOptions>;

const PREVIEW_FEATURES = 5000;
const SAMPLE_ROWS = 20;
const STAGE_CHUNK = 2000;

export function importLayer(id: string): ImportLayer {
	if (!isImportLayerId(id))
		throw new InputError(400, 'layer', `unknown layer "${id}" (one of ${IMPORT_LAYER_IDS.join(', ')})`);
	return IMPORT_LAYERS[id];
}

interface Resolved {
	label: string;
	source: ImportReport['crsSource'];
	srid: number;
	/** raw lon/lat → WGS84 (GCJ-02, BD-09), or null when PostGIS transforms (EPSG) */
	convert: ((p: LonLat) => LonLat) | null;
	/** whether the raw coordinates are longitude/latitude (offset detection applies) */
	geographic: boolean;
	warnings: ImportMessage[];
}

async function sridInfo(srid: number): Promise<{ geographic: boolean } | null> {
	const { rows } = await db().query<{ geographic: boolean }>(
		`SELECT proj4text LIKE '%+proj=longlat%' AS geographic FROM spatial_ref_sys WHERE srid = $1`,
		[srid]
	);
	return rows[0] ?? null;
}

async function resolveCrs(chosen: ImportCrs | null, declared: number | null): Promise<Resolved> {
	const warnings: ImportMessage[] = [];
	const declaredInfo = declared ? await sridInfo(declared) : null;
	if (chosen?.kind === 'epsg') {
		const info = await sridInfo(chosen.srid);
		if (!info) throw new InputError(400, 'crs', `EPSG:${chosen.srid} is not a CRS that PostGIS knows`);
		if (declared && declared !== chosen.srid)
			warnings.push({
				code: 'crs_overridden',
				params: { declared: `EPSG:${declared}`, chosen: `EPSG:${chosen.srid}` },
				message: `the file declares EPSG:${declared}; it is read as EPSG:${chosen.srid}, as you chose`
			});
		return {
			label: crsLabel(chosen),
			source: 'chosen',
			srid: chosen.srid,
			convert: null,
			geographic: info.geographic,
			warnings
		};
	}
	if (chosen) {
		if (declared && declaredInfo && !declaredInfo.geographic)
			throw new InputError(
				400,
				'crs',
				`the file declares EPSG:${declared} (projected, in metres), not ${crsLabel(chosen)} longitude/latitude: choose EPSG:${declared}`
			);
		const interp = INTERPRETATIONS.find((i) => i.kind === chosen.kind)!;
		return {
			label: crsLabel(chosen),
			source: 'chosen',
			srid: 4326,
			convert: chosen.kind === 'wgs84' ? null : interp.toWgs84,
			geographic: true,
			warnings
		};
	}
	if (declared && declaredInfo)
		return {
			label: `EPSG:${declared}`,
			source: 'file',
			srid: declared,
			convert: null,
			geographic: declaredInfo.geographic,
			warnings
		};
	warnings.push({
		code: 'crs_assumed',
		params: {},
		message: 'no CRS chosen and none in the file: read as WGS84 (choose gcj02 for 高德 / 腾讯, bd09 for 百度)'
	});
	return { label: 'WGS84', source: 'assumed', srid: 4326, convert: null, geographic: true, warnings };
}

/** Geometry problems Node can name before PostGIS sees the shape; the geometry as it will be staged. */
function prepareGeometry(
	layer: ImportLayer,
	g: SourceFeature['geometry'],
	crs: Resolved
): { geometry: SourceFeature['geometry'] } | { error: string } {
	if (!layer.geometry) return { geometry: null };
	if (!g)
		return layer.geometryRequired
			? { error: 'no geometry (missing or unreadable coordinates)' }
			: { geometry: null };
	let geom = g;
	if (geom.type === 'MultiPoint' && Array.isArray(geom.coordinates) && geom.coordinates.length === 1)
		geom = { type: 'Point', coordinates: geom.coordinates[0] };
	const want = layer.geometry === 'Point' ? ['Point'] : ['Polygon', 'MultiPolygon'];
	if (!want.includes(geom.type))
		return { error: `a ${geom.type} where a ${layer.geometry === 'Point' ? 'point' : 'polygon'} belongs` };
	const flat = JSON.stringify(geom.coordinates).match(/-?[\d.eE+-]+|null/g) ?? [];
	if (flat.some((v) => v === 'null' || !Number.isFinite(Number(v))))
		return { error: 'a coordinate is not a number' };
	if (geom.type !== 'Point') {
		const polys = (geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates) as number[][][][];
		if (!polys.length || polys.some((p) => !p.length || p.some((ring) => ring.length < 4)))
			return { error: 'a polygon ring with fewer than 4 positions' };
	}
	if (crs.geographic) {
		const p = samplePosition(geom);
		if (p && (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90))
			throw new InputError(
				400,
				'crs',
				`coordinates such as (${p[0].toFixed(1)}, ${p[1].toFixed(1)}) are not longitude/latitude: choose the projected CRS of the file (e.g. EPSG:4547)`
			);
	}
	return { geometry: crs.convert ? mapPositions(geom, crs.convert) : geom };
}

/** Warns when the data fits the existing layer much better read as another Chinese web-map CRS. */
async function offsetWarning(
	c: pg.PoolClient,
	layer: ImportLayer,
	staged: { row: number; raw: LonLat }[],
	crs: Resolved,
	chosenKind: string
): Promise<ImportMessage | null> {
	const table = TABLES[layer.id];
	if (!table || !crs.geographic || !staged.length) return null;
	const { rows: has } = await c.query(`SELECT 1 FROM ${table} WHERE geom IS NOT NULL LIMIT 1`);
	if (!has.length) return null;
	const sample = staged.filter((_, i) => i % Math.ceil(staged.length / 300) === 0);
	const current = INTERPRETATIONS.find((i) => i.kind === chosenKind)!;
	const sql = offsetSql.replaceAll('/*table*/', table);
	const measure = async (interp: (typeof INTERPRETATIONS)[number]) => {
		const dx: number[] = [];
		const dy: number[] = [];
		for (const s of sample) {
			const a = current.toWgs84(s.raw);
			const b = interp.toWgs84(s.raw);
			dx.push(b[0] - a[0]);
			dy.push(b[1] - a[1]);
		}
		const { rows } = await c.query(sql, [sample.map((s) => s.row), dx, dy]);
		const r = rows[0];
		return r.matched >= Math.min(3, sample.length) ? r.by_code : r.nearest;
	};
	const base = await measure(current);
	if (base === null || base < 150) return null;
	for (const interp of INTERPRETATIONS) {
		if (interp.kind === current.kind) continue;
		const d = await measure(interp);
		if (d !== null && d < base / 4)
			return {
				code: 'offset',
				params: {
					median: Math.round(base),
					layer: layer.id,
					other: interp.label,
					otherMedian: Math.round(d),
					chosen: current.label
				},
				message: `the data lies a median ${Math.round(base)} m from the existing ${layer.id}; read as ${interp.label} it would lie ${Math.round(d)} m from them: is the file in ${interp.label}? (you chose ${current.label})`
			};
	}
	return null;
}

/**
 * The SLA deadline of a historic ticket that came without one: the same rule as a new ticket's
 * (src/lib/server/tickets/sla.ts dueTimes: clock hours, or N working days on the working-day
 * calendar, in Beijing time), as ISO text; null for an unknown category (rejected by the checks).
 */
async function historicDue(): Promise<(category: string, createdAt: string) => string | null> {
	const [rules, calendar] = await Promise.all([slaRules() as Promise<SlaRule[]>, workingCalendar()]);
	const byCategory = new Map(rules.map((r) => [r.category, r]));
	return (category, createdAt) => {
		const rule = byCategory.get(category);
		const t = new Date(createdAt);
		if (!rule || Number.isNaN(t.getTime())) return null;
		return dueTimes(t, rule, calendar).dueAt.toISOString();
	};
}

/**
 * Offset detection needs a sample of the staged positions, not all of them: every `stride`-th row,
 * the stride doubling (and every other kept sample dropped) each time 600 are held. Bounded memory
 * however long the file.
 */
class PositionSample {
	readonly rows: { row: number; raw: LonLat }[] = [];
	private stride = 1;
	add(row: number, raw: LonLat) {
		if (row % this.stride !== 0) return;
		this.rows.push({ row, raw });
		if (this.rows.length >= 600) {
			this.stride *= 2;
			const kept = this.rows.filter((r) => r.row % this.stride === 0);
			this.rows.length = 0;
			for (const r of kept) this.rows.push(r);
		}
	}
}

/**
 * Imports `file` into a layer (see the top of this file). The file is read as a stream: rows are
 * mapped, checked and staged in PostGIS 2,000 at a time as GDAL produces them, so the memory used
 * does not grow with the number of rows (beyond the report's rejects and the upload itself).
 */
export async function runImport(
	layerId: string,
	file: { name: string; bytes: Uint8Array },
	optsIn: ImportOptions,
	userId: number | null
): Promise<{ status: number; report: ImportReport }> {
	const layer = importLayer(layerId);
	const opts = parseWith(ImportOptions, optsIn);
	const chosen = opts.crs ? parseCrs(opts.crs) : null;
	return withSource(file, { encoding: opts.encoding }, (data) =>
		importRows(layer, file.name, data, opts, chosen, userId)
	);
}

async function importRows(
	layer: ImportLayer,
	fileName: string,
	data: SourceData,
	opts: z.output<typeof ImportOptions>,
	chosen: ImportCrs | null,
	userId: number | null
): Promise<{ status: number; report: ImportReport }> {
	const mapping: Mapping = { ...autoMapping(layer, data.fields) };
	for (const [k, v] of Object.entries(opts.mapping)) {
		if (v === '') delete mapping[k];
		else mapping[k] = v;
	}
	const bad = checkMapping(layer, mapping, data.fields);
	if (bad) throw new InputError(400, 'mapping', bad);

	const crs = await resolveCrs(chosen, data.declaredSrid);
	const chosenKind = chosen && chosen.kind !== 'epsg' ? chosen.kind : 'wgs84';
	const rejected: ImportReject[] = [];
	const positions = new PositionSample();
	const sample: Record<string, unknown>[] = [];
	const warnings: ImportMessage[] = [];
	const due = layer.id === 'tickets' ? await historicDue() : null;

	const report: ImportReport = {
		layer: layer.id,
		file: fileName,
		format: data.format,
		mode: opts.mode,
		crs: crs.label,
		crsSource: crs.source,
		sourceFields: data.fields,
		fields: layer.fields.map((f) => ({
			name: f.name,
			type: f.type,
			required: !!f.required,
			values: f.values
		})),
		mapping,
		rows: 0,
		rejected,
		repaired: [],
		warnings: [...crs.warnings],
		notes: data.notes,
		sample,
		preview: { type: 'FeatureCollection', features: [] },
		inserted: 0,
		updated: 0,
		unchanged: 0,
		skipped: 0,
		written: false
	};

	const client = await db().connect();
	let committed = false;
	try {
		await client.query('BEGIN');
		await client.query(tempSql);
		// map, check and stage the rows as they come, STAGE_CHUNK at a time
		let chunk: { row: number; p: Record<string, unknown>; g: string | null }[] = [];
		const flush = async () => {
			if (!chunk.length) return;
			await client.query(stageSql, [JSON.stringify(chunk), crs.srid, layer.key]);
			chunk = [];
		};
		for await (const f of data.features) {
			const row = ++report.rows;
			const { values, rejects, cleaned } = mapRow(layer, mapping, f.properties, row, {
				csv: data.format === 'csv'
			});
			for (const field of cleaned)
				warnings.push({
					code: 'control_removed',
					params: { row, field },
					message: `row ${row}: control characters removed from ${field}`
				});
			// a historic ticket without its deadline gets the one its category had (working days on the calendar)
			if (
				due &&
				values.due_at == null &&
				typeof values.created_at === 'string' &&
				typeof values.category === 'string'
			)
				values.due_at = due(values.category, values.created_at);
			if (sample.length < SAMPLE_ROWS) sample.push({ row, ...values });
			const g = prepareGeometry(layer, f.geometry, crs);
			if ('error' in g) rejects.push({ row, field: 'geometry', reason: g.error });
			for (const r of rejects) rejected.push(r);
			if (rejects.length || 'error' in g) continue;
			chunk.push({ row, p: values, g: g.geometry ? JSON.stringify(g.geometry) : null });
			const raw = f.geometry ? samplePosition(f.geometry) : null;
			if (raw) positions.add(row, raw);
			if (chunk.length >= STAGE_CHUNK) await flush();
		}
		await flush();
		for (const w of warnings) report.warnings.push(w);
		const repairs = await client.query<ImportRepair>(invalidSql, [opts.repair]);
		report.repaired = repairs.rows;
		await client.query(checkCommonSql, [layer.geometry !== null]);
		await client.query(layerSql('check', layer.id));
		const dbRejects = await client.query<ImportReject>('SELECT row, field, reason FROM import_rejects');
		// one by one: spreading 270,000 rows into push() overflows the call stack
		for (const r of dbRejects.rows) rejected.push(r);
		rejected.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));

		const warning = await offsetWarning(client, layer, positions.rows, crs, chosenKind);
		if (warning) report.warnings.push(warning);

		const bad = new Set(rejected.map((r) => r.row));
		const { rows: shapes } = await client.query<{ row: number; g: Geometry }>(
			`SELECT row, ST_AsGeoJSON(geom, 7)::json AS g FROM import_rows WHERE geom IS NOT NULL ORDER BY row LIMIT ${PREVIEW_FEATURES}`
		);
		report.preview.features = shapes.map((s) => ({
			type: 'Feature',
			geometry: s.g,
			properties: { row: s.row, rejected: bad.has(s.row) }
		}));
		report.skipped = bad.size;

		if (opts.mode === 'preview' || (bad.size > 0 && !opts.skipInvalid)) {
			await client.query('ROLLBACK');
			report.skipped = 0;
			return { status: opts.mode === 'commit' && bad.size > 0 ? 422 : 200, report };
		}
		await client.query('DELETE FROM import_rows WHERE row = ANY ($1::int[])', [[...bad]]);
		// the rows left to write (rows rejected in Node were never staged)
		const toWrite = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM import_rows')).rows[0]
			.n;
		const flags = (UPSERT_FLAGS[layer.id] ?? []).map((f) => mapping[f] !== undefined);
		const results: { inserted: boolean }[] = [];
		try {
			if (layer.id === 'areas') {
				for (const level of ['city', 'district', 'street', 'community'])
					for (const r of (await client.query(layerSql('upsert', 'areas'), [level])).rows) results.push(r);
			} else {
				for (const r of (await client.query(layerSql('upsert', layer.id), flags)).rows) results.push(r);
				if (layer.id === 'party-orgs') await client.query(partyOrgLinksSql);
			}
		} catch (err) {
			// a rule the checks above did not foresee: the database's own message, nothing written
			const e = err as { message: string; constraint?: string; column?: string };
			throw new InputError(422, e.column ?? e.constraint ?? 'rows', e.message);
		}
		report.inserted = results.filter((r) => r.inserted).length;
		report.updated = results.length - report.inserted;
		report.unchanged = toWrite - results.length;
		if (opts.mode === 'dry-run') {
			await client.query('ROLLBACK');
			return { status: 200, report };
		}
		await client.query(
			`INSERT INTO import_runs (user_id, layer, file_name, crs, inserted, updated, skipped, repaired)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[
				userId,
				layer.id,
				fileName.slice(0, 200),
				crs.label,
				report.inserted,
				report.updated,
				report.skipped,
				report.repaired.length
			]
		);
		await client.query('COMMIT');
		committed = true;
		report.written = true;
		return { status: 200, report };
	} finally {
		if (!committed) await client.query('ROLLBACK').catch(() => {});
		client.release();
	}
}
