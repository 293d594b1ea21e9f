// Exports of analysis results: each comes from its own service (same query parameters, same scope
// rules as the endpoint it mirrors) as GeoJSON, then goes through the one converter of service.ts.
import { z } from 'zod';
import type { Scope, SessionUser } from '../auth/roles';
import { errorResponse, InputError, parseWith } from '../http';
import { density, DensityQuery, hotspots, HotspotQuery } from '../analysis/density';
import {
	facilityMap,
	FacilityQuery,
	partyMap,
	PartyQuery,
	patrolMap,
	PatrolQuery,
	stewardMap,
	StewardQuery
} from '../coverage/service';
import { getRun } from '../siting/service';
import { governanceExport, GovernanceExportQuery } from '../governance/service';
import { sitesGeoJson } from '../siting/export';
import { convert, FORMATS, type ExportFile } from './service';
import { ToolMissingError } from '../import/gdal';

type FC = { type: 'FeatureCollection'; features: { geometry: { type: string } | null }[] };

/** The export format (?format=) and the remaining parameters for the analysis' own schema. */
function split(url: URL) {
	const params = Object.fromEntries(url.searchParams);
	const format = parseWith(z.object({ format: z.enum(FORMATS).default('geojson') }), params).format;
	delete params.format;
	return { format, params };
}

export const ANALYSES = {
	density: async (p: Record<string, string>, scope: Scope): Promise<FC> => {
		const r = await density(parseWith(DensityQuery, p), scope, { fresh: true }); // a file: counted now
		return {
			type: 'FeatureCollection',
			features: r.cells.map(({ geometry, ...props }) => ({
				type: 'Feature',
				geometry,
				properties: { ...props, size: r.size, from: r.from, to: r.to }
			}))
		};
	},
	hotspots: async (p: Record<string, string>, scope: Scope): Promise<FC> => {
		const r = await hotspots(parseWith(HotspotQuery, p), scope);
		return {
			type: 'FeatureCollection',
			features: r.hotspots.map(({ lon, lat, ...props }) => ({
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [lon, lat] },
				properties: props
			}))
		};
	},
	'coverage-party': async (p: Record<string, string>, scope: Scope) =>
		(await partyMap(parseWith(PartyQuery, { ...p, format: 'geojson' }), scope)) as FC,
	'coverage-facilities': async (p: Record<string, string>, scope: Scope) =>
		(await facilityMap(parseWith(FacilityQuery, { ...p, format: 'geojson' }), scope)) as FC,
	'coverage-stewards': async (p: Record<string, string>, scope: Scope) =>
		(await stewardMap(parseWith(StewardQuery, { ...p, format: 'geojson' }), scope)) as FC,
	'coverage-patrol': async (p: Record<string, string>, scope: Scope) =>
		(await patrolMap(parseWith(PatrolQuery, { ...p, format: 'geojson' }), scope)) as FC,
	// owners' committees and joint meetings per compound (src/lib/server/governance)
	governance: async (p: Record<string, string>, scope: Scope) =>
		(await governanceExport(parseWith(GovernanceExportQuery, p), scope)) as FC
} as const;
export type AnalysisKind = keyof typeof ANALYSES;

export async function exportAnalysis(kind: AnalysisKind, url: URL, scope: Scope): Promise<ExportFile> {
	const { format, params } = split(url);
	const fc = await ANALYSES[kind](params, scope);
	return convert(fc, kind, format);
}

export async function exportSiting(id: string, url: URL, user: SessionUser): Promise<ExportFile> {
	const { format } = split(url);
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw new InputError(400, 'id', 'must be a run id (a UUID)');
	const run = await getRun(id.toLowerCase(), user);
	if (run.status !== 'done' || !run.result)
		throw new InputError(409, 'status', `the run is ${run.status}; only a finished run exports`);
	return convert(sitesGeoJson(id, run.result), `siting-${run.result.rule.type}-${id.slice(0, 8)}`, format);
}

/**
 * A file answer (attachment). What the format could not hold is in `X-RedGrid-Warnings` (JSON array,
 * ASCII-escaped) and, for a Shapefile, in WARNINGS.txt inside the zip. An InputError becomes its status
 * with {message, field}; a missing GDAL tool 503 naming it.
 */
export async function fileAnswer(fn: () => Promise<ExportFile>): Promise<Response> {
	try {
		const f = await fn();
		const headers: Record<string, string> = {
			'content-type': f.type,
			'content-disposition': `attachment; filename="${f.name}"`
		};
		if (f.warnings.length)
			headers['x-redgrid-warnings'] = JSON.stringify(f.warnings).replace(
				/[\u007f-\uffff]/g,
				(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
			);
		return new Response(f.body as BodyInit, { headers });
	} catch (err) {
		if (err instanceof InputError) return errorResponse(err);
		if (err instanceof ToolMissingError) return toolMissing(err);
		throw err;
	}
}

/** 503 naming the missing tool, with Retry-After: the request was right, the server lacks a program. */
export const toolMissing = (err: ToolMissingError) =>
	errorResponse(new InputError(503, err.tool, err.detail, 'unavailable', { tool: err.tool }), {
		'retry-after': '3600'
	});
