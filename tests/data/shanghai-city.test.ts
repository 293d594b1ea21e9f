// A real part of central Shanghai (../shared/data/shanghai-osm, OpenStreetMap via Tilezen tiles,
// ODbL: it does not ship) brought up as a deployment of its own with the documented commands, on a
// database of its own: `npm run import -- areas` with a one-community boundary around the extract,
// then `npm run city:import` of its buildings, roads, water and land use. Expected figures come from
// the files themselves: the buildings are the distinct OSM ids of kind=building polygons (pieces
// clipped at tile edges merged, building parts and label or address points left out).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import routeSql from '../../src/lib/server/tickets/route.sql?raw';
import { clusterQuery } from '../setup/cluster';
import { sharedData } from './shared';

const DIR = sharedData('shanghai-osm');
const FILES = ['buildings', 'roads', 'water', 'landuse'].map((f) => path.join(DIR, `shanghai_${f}.geojson`));
const name = `shanghai_${randomBytes(4).toString('hex')}`;
const url = `${process.env.REDGRID_TEST_PG}/${name}`;
const tmp = mkdtempSync(path.join(tmpdir(), 'shanghai-city-'));
let pool: pg.Pool;

/** Runs a documented command (`npm run NAME -- ARGS`) against the new database; its JSON report. */
const command = (script: string, args: string[]) =>
	execFileSync('node', ['scripts/run.mjs', script, ...args], {
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: url },
		maxBuffer: 1 << 26
	});

beforeAll(async () => {
	await clusterQuery(`CREATE DATABASE ${name}`);
	pool = createPool(url, 2);
	await migrate(pool);
	// the boundary: one community around the extract (121.480–121.521 E, 31.226–31.251 N), in the
	// city, district and street it would lie in
	const ring = [
		[121.47, 31.22],
		[121.53, 31.22],
		[121.53, 31.26],
		[121.47, 31.26],
		[121.47, 31.22]
	];
	const area = (code: string, name: string, level: string, parent_code: string | null) => ({
		type: 'Feature',
		properties: { code, name, level, parent_code },
		geometry: { type: 'Polygon', coordinates: [ring] }
	});
	const boundary = path.join(tmp, 'boundary.geojson');
	writeFileSync(
		boundary,
		JSON.stringify({
			type: 'FeatureCollection',
			features: [
				area('310000', '上海市', 'city', null),
				area('310115', '浦东新区', 'district', '310000'),
				area('310115002', '潍坊新村街道', 'street', '310115'),
				area('310115002001', '乳山社区', 'community', '310115002')
			]
		})
	);
	command('scripts/import.ts', ['areas', boundary, '--crs', 'wgs84']);
}, 300_000);

afterAll(async () => {
	await pool?.end();
	await clusterQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	rmSync(tmp, { recursive: true, force: true });
});

describe('Shanghai as a deployment of its own', () => {
	it('imports its buildings merged by OSM id into its compounds, and routes a ticket to its compound', async () => {
		const report = JSON.parse(command('scripts/city-import.ts', FILES));
		expect(report.refused).toEqual([]);
		expect(report.skipped['building in no community']).toBeUndefined();
		const features: { properties: Record<string, unknown>; geometry: { type: string } | null }[] = JSON.parse(
			readFileSync(FILES[0], 'utf8')
		).features;
		const ids = new Set(
			features
				.filter((f) => f.properties.kind === 'building' && /Polygon/.test(f.geometry?.type ?? ''))
				// Tilezen gives a relation's id negated; the importer keeps OSM's own (positive) id
				.map((f) => Math.abs(Number(f.properties.id)))
		);
		expect(ids.size).toBe(1321);
		const counts = (
			await pool.query<{ buildings: number; ids: number; cells: number }>(
				`SELECT count(*)::int AS buildings, count(DISTINCT code)::int AS ids,
				   (SELECT count(*) FROM grid_cells)::int AS cells FROM buildings`
			)
		).rows[0];
		expect(counts).toEqual({ buildings: ids.size, ids: ids.size, cells: 1 });
		const codes = new Set(
			(await pool.query<{ code: string }>(`SELECT code FROM buildings`)).rows.map((r) => r.code)
		);
		expect([...ids].every((id) => codes.has(`osm${id}`))).toBe(true);
		// 崂山三村 and 乳山二村 are compounds; every building whose point on surface lies in a named
		// compound belongs to it (this extract has no footprint inside those two: its tiles hold their
		// outlines only), and the named compounds that have footprints hold them
		const named = (
			await pool.query<{ name: string }>(
				`SELECT name FROM compounds WHERE name IN ('崂山三村', '乳山二村') ORDER BY name`
			)
		).rows;
		expect(named.map((c) => c.name)).toEqual(['乳山二村', '崂山三村']);
		const elsewhere = await pool.query(
			`SELECT b.code, c.name FROM buildings b JOIN compounds c ON ST_Covers(c.geom, ST_PointOnSurface(b.geom))
			 WHERE c.code LIKE 'osm%' AND b.compound_id <> c.id`
		);
		expect(elsewhere.rows).toEqual([]);
		const holding = (
			await pool.query<{ n: number }>(
				`SELECT count(DISTINCT compound_id)::int AS n FROM buildings b JOIN compounds c ON c.id = b.compound_id
				 WHERE c.code LIKE 'osm%'`
			)
		).rows[0].n;
		expect(holding).toBeGreaterThan(0);
		// a ticket filed inside 乳山二村 is routed to it (its community and grid cell too)
		const at = (
			await pool.query<{ id: number; lon: number; lat: number }>(
				`SELECT id, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT id, ST_PointOnSurface(geom) AS p FROM compounds WHERE name = '乳山二村') x`
			)
		).rows[0];
		const routed = (await pool.query(routeSql, [at.lon, at.lat])).rows[0];
		expect(routed.compound_id).toBe(at.id);
		expect(routed.community_id).not.toBeNull();
		expect(routed.grid_cell_id).not.toBeNull();
	});
});
