// Import, export and OGC API – Features speed.
//   npx tsx scripts/bench/import-export.ts [--samples 10]
// OGC: a page of 1,000 buildings over HTTP (API key), against its SQL run directly (baseline).
// Export: all buildings as GeoJSON / CSV / GeoPackage / Shapefile over HTTP, against the same SQL.
// Import: a dry run and a commit (updating every building by code) of the buildings GeoJSON with the
// CLI, against GDAL alone reading the file (ogr2ogr to GeoJSON, the parse every import starts with).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchEnv, log, machine, ms, percentile, ratio, sortNum, table } from './lib';

const SAMPLES = Number(parseArgs({ options: { samples: { type: 'string', default: '10' } } }).values.samples);
const KEY = { 'x-api-key': 'redgrid-demo-key' };

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<{ p50: number; p95: number }> {
	await fn(); // warm-up
	const xs: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		await fn();
		xs.push(performance.now() - t0);
	}
	const s = sortNum(xs);
	return { p50: percentile(s, 50), p95: percentile(s, 95) };
}

const env = await benchEnv({ app: true });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'redgrid-bench-io-'));
try {
	const base = env.app!.base;
	const sql = new pg.Client({ connectionString: env.url });
	await sql.connect();
	// the layer's SQL as src/lib/server/export/layers.ts wraps it (read directly: tsx has no "?raw")
	const layerSql = readFileSync('src/lib/server/export/buildings.sql', 'utf8');
	const rows = (limit: string) =>
		`SELECT t.id, t.props, ST_AsGeoJSON(t.geom, 7) AS geometry FROM (${layerSql}) t ORDER BY t.id ${limit}`;
	const page = { rows: rows('LIMIT 1000 OFFSET 2000'), params: [] };
	const count = { count: `SELECT count(*)::int AS n FROM (${layerSql}) t`, params: [] };
	const whole = { rows: rows(''), params: [] };
	const n = (await sql.query('SELECT count(*)::int AS n FROM buildings')).rows[0].n;

	// OGC page
	const ogcBase = await time(SAMPLES, async () => {
		await sql.query(page.rows, page.params);
		await sql.query(count.count, count.params);
	});
	const ogc = await time(SAMPLES, async () => {
		const r = await fetch(`${base}/ogc/collections/buildings/items?limit=1000&offset=2000`, { headers: KEY });
		await r.arrayBuffer();
	});

	// exports
	const exportBase = await time(SAMPLES, () => sql.query(whole.rows, whole.params));
	const exports: (string | number)[][] = [];
	for (const format of ['geojson', 'csv', 'gpkg', 'shp']) {
		let size = 0;
		const t = await time(Math.max(3, Math.floor(SAMPLES / 2)), async () => {
			const r = await fetch(`${base}/api/export/layers/buildings?format=${format}`, { headers: KEY });
			size = (await r.arrayBuffer()).byteLength;
		});
		exports.push([
			`export ${n} buildings, ${format} (${(size / 1048576).toFixed(1)} MB)`,
			ms(t.p50),
			ms(t.p95),
			ratio(t.p50, exportBase.p50)
		]);
	}

	// import (CLI, in its own process as a user runs it)
	const file = path.join(tmp, 'buildings.geojson');
	const fc = (
		await sql.query(`SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object(
		'type', 'Feature', 'geometry', ST_AsGeoJSON(b.geom, 7)::json, 'properties', json_build_object('code', b.code,
		'compound_code', c.code, 'number', b.number, 'floors', b.floors, 'households', b.households)))) AS fc
		FROM buildings b JOIN compounds c ON c.id = b.compound_id`)
	).rows[0].fc;
	writeFileSync(file, JSON.stringify(fc));
	await sql.end();
	const gdalRead = await time(3, () =>
		execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], { maxBuffer: 1 << 30 })
	);
	const cli = (extra: string[]) => () => {
		const r = spawnSync(
			process.execPath,
			['--import', 'tsx', 'scripts/import.ts', 'buildings', file, '--crs', 'wgs84', ...extra],
			{
				env: { ...process.env, DATABASE_URL: env.url },
				encoding: 'utf8'
			}
		);
		if (r.status !== 0) throw new Error(`import failed: ${r.stdout}${r.stderr}`);
	};
	const dry = await time(3, cli(['--dry-run']));
	const commit = await time(3, cli([]));

	console.log(machine());
	table(
		'OGC API – Features and exports (demo city)',
		['what', 'p50', 'p95', 'ratio to baseline'],
		[
			['baseline: page SQL + count, direct', ms(ogcBase.p50), ms(ogcBase.p95), '1.00×'],
			['OGC items, 1,000 buildings over HTTP', ms(ogc.p50), ms(ogc.p95), ratio(ogc.p50, ogcBase.p50)],
			[`baseline: all ${n} buildings' SQL, direct`, ms(exportBase.p50), ms(exportBase.p95), '1.00×'],
			...exports
		]
	);
	table(
		`Import of ${n} buildings (GeoJSON, CLI)`,
		['what', 'p50', 'p95', 'ratio to baseline'],
		[
			['baseline: ogr2ogr reads the file', ms(gdalRead.p50), ms(gdalRead.p95), '1.00×'],
			[
				'dry run (read, map, stage, check, upsert, roll back)',
				ms(dry.p50),
				ms(dry.p95),
				ratio(dry.p50, gdalRead.p50)
			],
			[
				'import (updates every row by code, commit)',
				ms(commit.p50),
				ms(commit.p95),
				ratio(commit.p50, gdalRead.p50)
			]
		]
	);
} catch (err) {
	log((err as Error).message);
	process.exitCode = 1;
} finally {
	rmSync(tmp, { recursive: true, force: true });
	await env.dispose();
}
