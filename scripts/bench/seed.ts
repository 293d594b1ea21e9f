// Demo-city generation and load.
//   npx tsx scripts/bench/seed.ts [--scale 50]
// Baseline: the default city (scale 1) in the same run; the figure: the city at --scale, per building
// and per ticket, so the ratio shows how the load scales (1.00× = linear).
import { parseArgs } from 'node:util';
import { createPool } from '../../src/lib/server/db/pool';
import { migrate } from '../../src/lib/server/db/migrate';
import { seedDemo } from '../../src/lib/server/demo/load';
import { throwawayCluster } from '../lib/throwaway';
import { ensureDatabase } from '../lib/database';
import { log, machine, table } from './lib';

const { scale } = parseArgs({ options: { scale: { type: 'string', default: '50' } } }).values;
const big = Number(scale);
const pg = await throwawayCluster(log);
try {
	const runs: { scale: number; seconds: number; buildings: number; tickets: number }[] = [];
	for (const s of [1, big]) {
		const name = `seed_${s}`;
		await ensureDatabase(pg.cluster, name);
		const pool = createPool(pg.cluster.url(name), 4);
		await migrate(pool);
		const t0 = Date.now();
		const counts = await seedDemo(pool, { scale: s, log: (m) => log(`scale ${s}: ${m}`) });
		const seconds = (Date.now() - t0) / 1000;
		runs.push({ scale: s, seconds, buildings: counts.buildings, tickets: counts.tickets });
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
			'ratio per ticket vs scale 1'
		],
		runs.map((r) => [
			r.scale,
			r.buildings.toLocaleString(),
			r.tickets.toLocaleString(),
			`${r.seconds.toFixed(1)} s`,
			((r.seconds * 1e6) / r.buildings).toFixed(0),
			`${(r.seconds / r.buildings / (base.seconds / base.buildings)).toFixed(2)}×`,
			((r.seconds * 1e6) / r.tickets).toFixed(0),
			`${(r.seconds / r.tickets / (base.seconds / base.tickets)).toFixed(2)}×`
		])
	);
} finally {
	pg.dispose();
}
