// Imports a file into a layer from the command line, through the same importer as the admin page:
//   npm run import -- <layer> <file> [--crs wgs84|gcj02|bd09|EPSG:nnnn] [--encoding gbk|gb18030]
//     [--map ourField=column ...] [--dry-run] [--skip-invalid] [--repair]
// Works on DATABASE_URL, or the embedded cluster. Prints the report; exit code 0 when written (or the
// dry run found no rejects), 1 when rows were rejected, 2 on bad arguments or a bad file.
import './lib/one-line-errors';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withTargetDatabase } from './lib/target';

const USAGE = `usage: npm run import -- <layer> <file> [--crs wgs84|gcj02|bd09|EPSG:nnnn] [--encoding gbk|gb18030]
    [--map ourField=column]... [--dry-run] [--skip-invalid] [--repair] [--json]
  layer     areas, grid-cells, compounds, buildings, facilities, party-orgs, companies, tickets, people
  file      .geojson/.json, .csv (lon/lat or WKT columns), a zipped Shapefile (.zip), .gpkg
  --crs     the file's coordinates: wgs84, gcj02 (高德/腾讯), bd09 (百度), or an EPSG code
            (EPSG:4490 CGCS2000, EPSG:4547 Gauss-Kruger 114°E); default: the file's own, else WGS84
  --map     a column for one of our fields (repeatable); "field=" unmaps, "field==value" a constant
  --dry-run check every row and count what would be written; write nothing
  --skip-invalid  write the good rows of a file that has rejects
  --repair  repair invalid geometries (ST_MakeValid) instead of rejecting them`;

function fail(message: string): never {
	console.error(`import: ${message}\n${USAGE}`);
	process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
	return parseArgs({
		options: {
			crs: { type: 'string' },
			encoding: { type: 'string' },
			map: { type: 'string', multiple: true },
			'dry-run': { type: 'boolean' },
			'skip-invalid': { type: 'boolean' },
			repair: { type: 'boolean' },
			json: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true,
		allowPositionals: true
	});
}
try {
	parsed = parse();
} catch (err) {
	fail((err as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}
if (positionals.length !== 2) fail('give a layer and a file');
const [layer, file] = positionals;
const mapping: Record<string, string> = {};
for (const m of values.map ?? []) {
	const i = m.indexOf('=');
	if (i <= 0) fail(`--map ${m}: write ourField=column`);
	mapping[m.slice(0, i)] = m.slice(i + 1);
}
let bytes: Uint8Array;
try {
	bytes = new Uint8Array(await readFile(file));
} catch (err) {
	fail(`cannot read ${file}: ${(err as Error).message}`);
}

// The server code imports its SQL with Vite's "?raw" and the $lib alias: teach Node both.
await import('./lib/raw-imports');

const { InputError } = await import('../src/lib/server/http');
const { runImport } = await import('../src/lib/server/import/service');
const { closeDb } = await import('../src/lib/server/db/pool');

await withTargetDatabase(async (url) => {
	process.env.DATABASE_URL = url;
	try {
		const { report } = await runImport(
			layer,
			{ name: path.basename(file), bytes },
			{
				mode: values['dry-run'] ? 'dry-run' : 'commit',
				crs: values.crs,
				encoding: values.encoding as 'gbk',
				mapping,
				skipInvalid: values['skip-invalid'] ?? false,
				repair: values.repair ?? false
			},
			null
		);
		if (values.json) console.log(JSON.stringify({ ...report, preview: undefined }, null, 2));
		else {
			const r = report;
			console.log(`${r.file} → ${r.layer}: ${r.rows} rows, ${r.format}, CRS ${r.crs} (${r.crsSource})`);
			console.log(
				`mapping: ${Object.entries(r.mapping)
					.map(([k, v]) => `${k} ← ${v}`)
					.join(', ')}`
			);
			for (const n of r.notes) console.log(`note: ${n.message}`);
			for (const w of r.warnings) console.log(`WARNING: ${w.message}`);
			for (const x of r.repaired)
				console.log(`repaired row ${x.row}: ${x.reason} (${x.beforeM2} → ${x.afterM2} m²)`);
			for (const x of r.rejected) console.log(`rejected row ${x.row}, ${x.field}: ${x.reason}`);
			const what = r.written ? 'written' : values['dry-run'] ? 'dry run, nothing written' : 'nothing written';
			console.log(
				`${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected.length ? `${new Set(r.rejected.map((x) => x.row)).size} rows rejected` : 'no rejects'} (${what})`
			);
			if (r.rejected.length && !r.written && !values['skip-invalid'])
				console.log('fix the rows above, or pass --skip-invalid to write the others');
		}
		process.exitCode = report.rejected.length && !values['skip-invalid'] ? 1 : 0;
	} catch (err) {
		if (err instanceof InputError) {
			console.error(`import: ${err.message}`);
			process.exitCode = 2;
		} else throw err;
	} finally {
		await closeDb();
	}
});
