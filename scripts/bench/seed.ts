// Demo-city generation and load.
//   npx tsx scripts/bench/seed.ts [--scale 50]
// Baselines: the default city (scale 1) in the same run; a plain COPY of the same rows (every demo
// table dumped with COPY TO and loaded into an index-less copy of itself with COPY FROM) in the same
// run; and the 0.67 ms per building recorded in BENCHMARKS.md for the generator before roads.
// The figure: the city at --scale, per building and per ticket (1.00× = linear); and the same
// without the load of facilities and roads, whose triggers work out every building's reach and
// walking distance (the planners' derived data, issue #18's own benchmark: analysis --only walk).
import { parseArgs } from 'node:util';
import { createPool } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import { DEMO_TABLES, seedDemo } from '../../src/lib/server/demo/load';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Pool } from 'pg';
import { throwawayCluster } from '../lib/throwaway';
import { ensureDatabase } from '../lib/database';
import { log, machine, table } from './lib';

const { scale } = parseArgs({ options: { scale: { type: 'string', default: '50' } } }).values;
const big = Number(scale);
const pg = await throwawayCluster(log);
try {
	const runs: {
		scale: number;
		seconds: number;
		reachSeconds: number;
		copySeconds: number;
		buildings: number;
		tickets: number;
	}[] = [];
	/** Seconds to COPY FROM the same rows into index-less copies of the demo tables. */
	const plainCopy = async (pool: Pool): Promise<number> => {
		const client = await pool.connect();
		let seconds = 0;
		try {
			for (const t of DEMO_TABLES) {
				const chunks: Buffer[] = [];
				const out = client.query(copyTo(`COPY ${t} TO STDOUT`));
				for await (const c of out) chunks.push(c as Buffer);
				await client.query(`CREATE TABLE copy_${t} (LIKE ${t} INCLUDING DEFAULTS)`);
				const t0 = Date.now();
				await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY copy_${t} FROM STDIN`)));
				seconds += (Date.now() - t0) / 1000;
			}
		} finally {
			client.release();
		}
		return seconds;
	};
	for (const s of [1, big]) {
		const name = `seed_${s}`;
		await ensureDatabase(pg.cluster, name);
		const pool = createPool(pg.cluster.url(name), 4);
		await migrate(pool);
		const t0 = Date.now();
		const timing = { reachSeconds: 0 };
		const counts = await seedDemo(pool, { scale: s, log: (m) => log(`scale ${s}: ${m}`), timing });
		const seconds = (Date.now() - t0) / 1000;
		const copySeconds = await plainCopy(pool);
		runs.push({
			scale: s,
			seconds,
			reachSeconds: timing.reachSeconds,
			copySeconds,
			buildings: counts.buildings,
			tickets: counts.tickets
		});
		await pool.end();
		await pg.admin(`DROP DATABASE ${name}`);
	}
	const base = runs[0];
	console.log(`\nRun ${new Date().toISOString()} on ${machine()}; throwaway cluster (fsync off).`);
	table(
		'Demo city: generate + COPY load + index + ANALYZE',
		[
			'scale',
			'buildings',
			'tickets',
			'time',
			'µs per building',
			'ratio per building vs scale 1',
			'µs per ticket',
			'ratio per ticket vs scale 1',
			'plain COPY of the same rows',
			'ratio vs plain COPY',
			'ratio per building vs recorded 0.67 ms',
			'of which facilities and roads with their reach and walking distances',
			'the rest per building vs recorded 0.67 ms'
		],
		runs.map((r) => [
			r.scale,
			r.buildings.toLocaleString(),
			r.tickets.toLocaleString(),
			`${r.seconds.toFixed(1)} s`,
			((r.seconds * 1e6) / r.buildings).toFixed(0),
			`${(r.seconds / r.buildings / (base.seconds / base.buildings)).toFixed(2)}×`,
			((r.seconds * 1e6) / r.tickets).toFixed(0),
			`${(r.seconds / r.tickets / (base.seconds / base.tickets)).toFixed(2)}×`,
			`${r.copySeconds.toFixed(1)} s`,
			`${(r.seconds / r.copySeconds).toFixed(2)}×`,
			`${((r.seconds * 1000) / r.buildings / 0.67).toFixed(2)}×`,
			`${r.reachSeconds.toFixed(1)} s`,
			`${(((r.seconds - r.reachSeconds) * 1000) / r.buildings / 0.67).toFixed(2)}×`
		])
	);
} finally {
	pg.dispose();
}
