// The command line of the imports of extracts (basemap:import, city:import): FILE... [--dry-run],
// DATABASE_URL; refusals on stderr, one per feature, the report as JSON on stdout; exit 1 on a
// refusal or error, 2 on a usage mistake.
import { parseArgs } from 'node:util';
import pg from 'pg';

export async function runExtractImport(
	command: string,
	what: string,
	run: (
		pool: pg.Pool,
		files: string[],
		opts: { dryRun?: boolean }
	) => Promise<{ refused: { feature: string; message: string }[] }>
): Promise<void> {
	const usage = `usage: npm run ${command} -- FILE... [--dry-run]   (FILE: .osm, .osm.pbf or .geojson; several together: ${what})`;
	let parsed;
	try {
		parsed = parseArgs({ allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
	} catch (err) {
		console.error(`${command}: ${(err as Error).message}\n${usage}`);
		process.exit(2);
	}
	const files = parsed.positionals;
	if (!files.length) {
		console.error(`${command}: give at least one FILE\n${usage}`);
		process.exit(2);
	}
	if (!process.env.DATABASE_URL) {
		console.error(`${command}: DATABASE_URL is not set`);
		process.exit(2);
	}
	const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
	try {
		const r = await run(pool, files, { dryRun: parsed.values['dry-run'] });
		for (const x of r.refused) console.error(`refused: ${x.feature}: ${x.message}`);
		console.log(JSON.stringify(r, null, 2));
		process.exitCode = r.refused.length ? 1 : 0;
	} catch (err) {
		console.error(`${command}: ${(err as Error).message}`);
		process.exitCode = 1;
	} finally {
		await pool.end();
	}
}
