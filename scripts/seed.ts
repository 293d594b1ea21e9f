// Loads the Ji'an demo city into the database at DATABASE_URL, or the embedded cluster (migrating it first).
// usage: npm run seed -- [--seed N] [--scale N] [--boundaries FILE --crs wgs84|gcj02|bd09]
import './lib/one-line-errors';
import { parseArgs } from 'node:util';
import { createPool } from '../src/lib/server/db/pool';
import { migrate } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/load';
import type { Crs } from '../src/lib/server/geo/crs';
import { withTargetDatabase } from './lib/target';

const USAGE = `usage: npm run seed -- [--seed N] [--scale N] [--boundaries FILE --crs wgs84|gcj02|bd09]
  --seed N          random seed (integer); the same seed gives the same city
  --scale N         1..50: multiplies compounds, buildings and tickets (default 1)
  --boundaries FILE district polygons, DataV GeoJSON (properties adcode, name, center)
  --crs CRS         the CRS of FILE: wgs84, gcj02 (高德/腾讯) or bd09 (百度); required with --boundaries
Uses DATABASE_URL, or the embedded cluster; refuses a database that already has areas.`;

let values: { seed?: string; scale?: string; boundaries?: string; crs?: string; help?: boolean };
try {
	({ values } = parseArgs({
		options: {
			seed: { type: 'string' },
			scale: { type: 'string' },
			boundaries: { type: 'string' },
			crs: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		},
		strict: true,
		allowPositionals: false
	}));
} catch (err) {
	console.error(`seed: ${(err as Error).message}\n${USAGE}`);
	process.exit(2);
}
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}

const integer = (name: string, v: string | undefined): number | undefined => {
	if (v === undefined) return undefined;
	if (!/^-?\d+$/.test(v)) {
		console.error(`seed: --${name} must be an integer, got '${v}'\n${USAGE}`);
		process.exit(2);
	}
	return Number(v);
};
const seed = integer('seed', values.seed);
const scale = integer('scale', values.scale);
if (values.crs && !values.boundaries) {
	console.error(`seed: --crs applies to a --boundaries file\n${USAGE}`);
	process.exit(2);
}

const log = (s: string) => console.log(`[seed] ${s}`);
// DATABASE_URL, or the embedded cluster (started for the command); migrated here, seeded below.
await withTargetDatabase(
	async (url) => {
		const pool = createPool(url, 2);
		try {
			await migrate(pool, undefined, log);
			const counts = await seedDemo(pool, {
				seed,
				scale,
				boundariesFile: values.boundaries,
				crs: values.crs as Crs | undefined,
				log
			});
			log(
				Object.entries(counts)
					.map(([t, n]) => `${t} ${n}`)
					.join(', ')
			);
		} catch (err) {
			console.error(`seed: ${(err as Error).message}`);
			process.exitCode = 1;
		} finally {
			await pool.end();
		}
	},
	{ prepare: false, log }
);
