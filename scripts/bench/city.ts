// A real city into a new deployment, end to end (src/lib/server/basemap/city.ts: GDAL reads the
// files, the base map, compounds, buildings and grid cells are written in one transaction).
//   npx tsx scripts/bench/city.ts [--files a.geojson,b.geojson,...] [--rounds 3]
// Default files: the hand-written extract tests/fixtures/city-buildings.osm. For the Shanghai
// extract of issue #19 pass its layers (they do not ship: ../shared/data/shanghai-osm/
// shanghai_{buildings,roads,water,landuse}.geojson). Each round imports into a new database whose
// boundary is one community around the files. Baseline in the same run: GDAL's own load of the
// same files into PostGIS (`ogr2ogr -f PostgreSQL`, one table per file, no logic of ours).
import { execFileSync } from 'node:child_process';
import * as turf from '@turf/turf';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importCity } from '../../src/lib/server/basemap/city';
import { readFeatures } from '../../src/lib/server/basemap/import';
import { createPool } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import { ensureDatabase } from '../lib/database';
import { throwawayCluster } from '../lib/throwaway';
import { log, machine, table } from './lib';

const args = parseArgs({
	options: {
		files: { type: 'string', default: path.resolve('tests/fixtures/city-buildings.osm') },
		rounds: { type: 'string', default: '3' }
	}
}).values;
const files = args.files.split(',').map((f) => path.resolve(f));
const rounds = Number(args.rounds);

/** The files' extent [w, s, e, n], widened by 0.01°: the one community's boundary. */
async function extent(): Promise<number[]> {
	const geometries = [];
	for (const f of files) for (const x of await readFeatures(f)) if (x.geometry) geometries.push(x.geometry);
	const [w, s, e, n] = turf.bbox(turf.geometryCollection(geometries as never));
	return [w - 0.01, s - 0.01, e + 0.01, n + 0.01];
}

const pg = await throwawayCluster(log);
try {
	const [w, s, e, n] = await extent();
	const box = `ST_Multi(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;
	const imports: number[] = [];
	const loads: number[] = [];
	let written: Record<string, number> = {};
	for (let r = 0; r < rounds; r++) {
		const name = `city_${r}`;
		await ensureDatabase(pg.cluster, name);
		const pool = createPool(pg.cluster.url(name), 2);
		await migrate(pool);
		for (const [code, level, parent] of [
			['100000', 'city', null],
			['100001', 'district', '100000'],
			['100001001', 'street', '100001'],
			['100001001001', 'community', '100001001']
		] as const)
			await pool.query(
				`INSERT INTO areas (code, name, level, parent_id, geom)
				 VALUES ($1, $1, $2, (SELECT id FROM areas WHERE code = $3), ${box})`,
				[code, level, parent]
			);
		const t0 = performance.now();
		const report = await importCity(pool, files);
		imports.push((performance.now() - t0) / 1000);
		if (report.refused.length) throw new Error(`refused: ${JSON.stringify(report.refused)}`);
		written = report.written;
		// the baseline: GDAL's plain load of the same files, into the same database
		const u = new URL(pg.cluster.url(name));
		const conn = `PG:host=${u.hostname} port=${u.port} dbname=${name} user=${decodeURIComponent(u.username)}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`;
		const t1 = performance.now();
		for (const [k, f] of files.entries())
			execFileSync(
				'ogr2ogr',
				[
					'-f',
					'PostgreSQL',
					conn,
					f,
					'-nln',
					`plain_${k}`,
					'-nlt',
					'GEOMETRY',
					'-unsetFid',
					'-lco',
					'SPATIAL_INDEX=GIST'
				],
				{
					stdio: ['ignore', 'ignore', 'pipe']
				}
			);
		loads.push((performance.now() - t1) / 1000);
		await pool.end();
		log(`round ${r + 1}: import ${imports.at(-1)!.toFixed(2)} s, plain load ${loads.at(-1)!.toFixed(2)} s`);
	}
	const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	console.log(`\nRun ${new Date().toISOString()} on ${machine()}; throwaway cluster (fsync off).`);
	table(
		`City import end to end (${files.map((f) => path.basename(f)).join(', ')}; median of ${rounds})`,
		['import', 'GDAL plain load (same files, same run)', 'ratio', 'written'],
		[
			[
				`${median(imports).toFixed(2)} s`,
				`${median(loads).toFixed(2)} s`,
				`${(median(imports) / median(loads)).toFixed(2)}×`,
				Object.entries(written)
					.map(([k, v]) => `${k} ${v}`)
					.join(', ')
			]
		]
	);
} finally {
	pg.dispose();
}
