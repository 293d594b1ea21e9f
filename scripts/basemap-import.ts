// usage: tsx scripts/basemap-import.ts FILE... [--dry-run]
// Replaces the base map (roads, water, land use) with the one in FILE: an OpenStreetMap extract
// (.osm / .osm.pbf) or a GeoJSON layer. DATABASE_URL must be set.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { importBaseLayers } from '../src/lib/server/basemap/import';

const USAGE =
	'usage: npm run basemap:import -- FILE... [--dry-run]   (FILE: .osm, .osm.pbf or .geojson; several together)';
let parsed;
try {
	parsed = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
} catch (err) {
	console.error(`basemap:import: ${(err as Error).message}\n${USAGE}`);
	process.exit(2);
}
const files = parsed.positionals;
if (!files.length) {
	console.error(`basemap:import: give at least one FILE\n${USAGE}`);
	process.exit(2);
}
if (!process.env.DATABASE_URL) {
	console.error('basemap:import: DATABASE_URL is not set');
	process.exit(2);
}
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
try {
	const r = await importBaseLayers(pool, files, { dryRun: parsed.values['dry-run'] });
	for (const x of r.refused) console.error(`refused: ${x.feature}: ${x.message}`);
	console.log(JSON.stringify(r, null, 2));
	process.exitCode = r.refused.length ? 1 : 0;
} catch (err) {
	console.error(`basemap:import: ${(err as Error).message}`);
	process.exitCode = 1;
} finally {
	await pool.end();
}
