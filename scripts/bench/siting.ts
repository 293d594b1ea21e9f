/**
 * Siting benchmark (README "Facility siting"): `npx tsx scripts/bench/siting.ts [--seeds 1] [--time-limit 300]`.
 *
 * Generated Ji'an-like instances (seeded PRNG, clustered demand): 20,000 demand points × 2,000
 * candidates, radius 500 m, k = 10 and 20; and the São José dos Campos instances (planar) from
 * ../shared/data/location-benchmarks. Every figure is set against a baseline measured in the same
 * run: the KD-tree coverage sets against an all-pairs loop, lazy greedy against plain greedy, the
 * heuristic's time against the exact MIP's, the heuristic's coverage against the exact optimum.
 * Prints markdown tables for BENCHMARKS.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
	buildCoverage,
	greedyLazy,
	greedyPlain,
	haversine,
	parsePoints,
	parseSjc,
	prepareSiting,
	solveMclpExact,
	solveSiting,
	generateCity,
	type PointInput
} from '../../src/lib/siting/index';

const { values } = parseArgs({
	options: { seeds: { type: 'string', default: '1' }, 'time-limit': { type: 'string', default: '300' } },
	strict: true
});
const seeds = Number(values.seeds);
const timeLimitMs = Number(values['time-limit']) * 1000;

const ms = (t: number) => (t < 10 ? t.toFixed(1) : t.toFixed(0));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(a / b < 0.1 ? 4 : 2)}×` : '—');
const pct = (a: number) => `${(100 * a).toFixed(2)} %`;

function allPairs(demand: PointInput[], candidates: PointInput[], radius: number): number {
	let pairs = 0;
	for (const c of candidates) for (const d of demand) if (haversine(c.x, c.y, d.x, d.y) <= radius) pairs++;
	return pairs;
}

const rows: string[] = [];
const setRows: string[] = [];
console.error(`siting benchmark: ${seeds} seed(s), exact time limit ${timeLimitMs / 1000} s`);
for (let seed = 1; seed <= seeds; seed++) {
	const city = generateCity(20_000, 2_000, seed);
	const radius = 500;
	// coverage sets: KD-tree vs all pairs
	const tp = performance.now();
	const prep = prepareSiting({ ...city, radius, k: 1 });
	const prepareMs = performance.now() - tp;
	const ta = performance.now();
	const pairs = allPairs(
		parsePoints('demand', city.demand, { weighted: true }),
		parsePoints('candidates', city.candidates),
		radius
	);
	const allPairsMs = performance.now() - ta;
	const raw = buildCoverage(prep.demand, prep.candidates, [], radius, false).candidateDemand.index.length;
	if (raw !== pairs) throw new Error(`coverage mismatch: KD-tree ${raw} pairs, all-pairs ${pairs}`);
	setRows.push(
		`| ${seed} | ${prep.model.groupWeight.length} | ${pairs} | ${prep.model.candidateGroups.index.length} | ${ms(prepareMs)} | ${ms(allPairsMs)} | ${ratio(prepareMs, allPairsMs)} |`
	);
	for (const k of [10, 20]) {
		console.error(`seed ${seed}, k ${k} …`);
		const t1 = performance.now();
		const plain = greedyPlain(prep.model, k);
		const plainMs = performance.now() - t1;
		const t2 = performance.now();
		const lazy = greedyLazy(prep.model, k);
		const lazyMs = performance.now() - t2;
		if (lazy.objective !== plain.objective) throw new Error('lazy greedy differs from plain greedy');
		const heuristic = await solveSiting({ ...city, radius, k }, { method: 'heuristic' });
		const heuristicMs = heuristic.timeMs;
		const heuristicSolveMs = heuristic.timeMs - heuristic.instance.prepareMs;
		const te = performance.now();
		const exact = await solveMclpExact(prep.model, k, {
			timeLimitMs,
			warmStart: heuristic.sites.map((s) => s.index)
		});
		const exactMs = performance.now() - te;
		const opt = exact.status === 'optimal' ? (exact.objective as number) : null;
		const reference = opt ?? (exact.bound as number);
		rows.push(
			[
				'',
				`${seed}`,
				`${k}`,
				ms(plainMs),
				ms(lazyMs),
				ratio(lazyMs, plainMs),
				ms(heuristicSolveMs),
				ms(heuristicMs),
				heuristic.method,
				pct(plain.objective / reference),
				pct(heuristic.newlyCoveredWeight / reference) + (opt === null ? ' (of bound)' : ''),
				pct(heuristic.heuristic.gap ?? Number.NaN),
				`${ms(exactMs)} (${exact.status})`,
				ratio(heuristicMs, exactMs),
				''
			]
				.join(' | ')
				.trim()
		);
	}
}

// São José dos Campos (planar metres), radius 800 m as in Lorena & Pereira's MCLP runs
const dir = new URL('../../../shared/data/location-benchmarks/', import.meta.url);
const sjcRows: string[] = [];
for (const n of [324, 402, 500, 708, 818]) {
	const file = new URL(`SJC${n}.txt`, dir);
	if (!existsSync(file)) continue;
	const pts = parseSjc(readFileSync(file, 'utf8'), readFileSync(new URL(`demand-SJC${n}.dat`, dir), 'utf8'));
	for (const [radius, k] of [
		[800, 10],
		[800, 20]
	]) {
		const h = await solveSiting(
			{ demand: pts, candidates: pts, radius, k, planar: true },
			{ method: 'heuristic' }
		);
		const prep = prepareSiting({ demand: pts, candidates: pts, radius, k, planar: true });
		const te = performance.now();
		const e = await solveMclpExact(prep.model, k, { timeLimitMs });
		const exactMs = performance.now() - te;
		const ref = e.status === 'optimal' ? (e.objective as number) : (e.bound as number);
		sjcRows.push(
			`| SJC${n} | ${radius} | ${k} | ${ms(h.timeMs)} | ${pct(h.newlyCoveredWeight / ref)} | ${ms(exactMs)} (${e.status}) | ${ratio(h.timeMs, exactMs)} |`
		);
	}
}

const out = [
	"### Siting (MCLP): 20,000 demand × 2,000 candidates around Ji'an, radius 500 m",
	'',
	`Node ${process.version}, ${seeds} seed(s). Heuristic = lazy greedy + Teitz–Bart swaps + Lagrangian starts (default caps); exact = HiGHS MIP (WASM), warm-started, limit ${timeLimitMs / 1000} s. Coverage shares are of the exact optimum (newly covered weight).`,
	'',
	'| seed | k | plain greedy ms | lazy greedy ms | lazy / plain | heuristic solve ms | heuristic total ms (incl. coverage sets) | method | plain greedy / optimum | heuristic / optimum | reported gap | exact ms | heuristic / exact time |',
	'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	...rows.map((r) => `| ${r.replace(/^\|\s*/, '').replace(/\s*\|$/, '')} |`),
	'',
	'Coverage sets (same instances): KD-tree (kdbush, projected metres, haversine check) vs an all-pairs haversine loop',
	'',
	'| seed | demand groups after aggregation | pairs within 500 m | candidate–group pairs after aggregation | KD-tree + aggregation ms | all-pairs ms | KD-tree / all-pairs |',
	'| --- | --- | --- | --- | --- | --- | --- |',
	...setRows,
	'',
	'São José dos Campos instances (planar, every node demand and candidate)',
	'',
	'| instance | radius m | k | heuristic ms | heuristic / optimum | exact ms | heuristic / exact time |',
	'| --- | --- | --- | --- | --- | --- | --- |',
	...sjcRows
];
console.log(out.join('\n'));
