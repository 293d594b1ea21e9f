/**
 * Facility siting from the command line (README "Facility siting"):
 *
 *   npx tsx scripts/siting.ts --demand demand.geojson --candidates candidates.geojson --radius 500 --k 5
 *     [--existing existing.geojson] [--weight households] [--planar] [--exact] [--target 0.9]
 *     [--time-limit 30] [--lp-bound]
 *
 * Prints one JSON object: chosen candidate ids in order, covered weight, total weight, coverage
 * share, method, time taken (ms), optimality gap when known (plus the per-site detail).
 * Bad input: a message on stderr and exit code 2.
 */
import './lib/one-line-errors';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SitingInputError, solveSiting } from '../src/lib/siting/index';

const usage =
	'usage: siting --demand FILE --candidates FILE --radius METRES (--k N | --target SHARE) ' +
	'[--existing FILE] [--weight PROPERTY] [--planar] [--exact] [--time-limit SECONDS] [--lp-bound]';

function fail(message: string): never {
	process.stderr.write(`siting: ${message}\n${usage}\n`);
	process.exit(2);
}

async function readGeoJson(flag: string, path: string): Promise<unknown> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (e) {
		fail(`--${flag}: cannot read ${path}: ${(e as Error).message}`);
	}
	try {
		return JSON.parse(text);
	} catch (e) {
		fail(`--${flag}: ${path} is not valid JSON: ${(e as Error).message}`);
	}
}

function numberFlag(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n))
		fail(`--${name} must be a number; got ${JSON.stringify(value)}`);
	return n;
}

function parse() {
	try {
		return parseArgs({
			options: {
				demand: { type: 'string' },
				candidates: { type: 'string' },
				existing: { type: 'string' },
				radius: { type: 'string' },
				k: { type: 'string' },
				target: { type: 'string' },
				weight: { type: 'string' },
				planar: { type: 'boolean', default: false },
				exact: { type: 'boolean', default: false },
				'lp-bound': { type: 'boolean', default: false },
				'time-limit': { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false }
			},
			strict: true,
			allowPositionals: false
		}).values;
	} catch (e) {
		fail((e as Error).message);
	}
}

async function main(): Promise<void> {
	const values = parse();
	if (values.help) {
		process.stdout.write(`${usage}\n`);
		return;
	}
	if (!values.demand) fail('--demand is required');
	if (!values.candidates) fail('--candidates is required');
	if (values.radius === undefined) fail('--radius is required');
	if (values.k === undefined && values.target === undefined)
		fail('give --k (sites to add) or --target (share)');
	const timeLimit = numberFlag('time-limit', values['time-limit']);
	const [demand, candidates, existing] = await Promise.all([
		readGeoJson('demand', values.demand),
		readGeoJson('candidates', values.candidates),
		values.existing ? readGeoJson('existing', values.existing) : Promise.resolve(undefined)
	]);
	try {
		const result = await solveSiting(
			{
				demand: demand as never,
				candidates: candidates as never,
				existing: existing as never,
				radius: numberFlag('radius', values.radius) as number,
				k: numberFlag('k', values.k),
				target: numberFlag('target', values.target),
				weightProperty: values.weight,
				planar: values.planar
			},
			{
				method: values.exact ? 'exact' : 'heuristic',
				lpBound: values['lp-bound'],
				exactTimeLimitMs: timeLimit !== undefined ? timeLimit * 1000 : undefined
			}
		);
		const { chosen, coveredWeight, totalWeight, coverageShare, method, timeMs, gap, ...detail } = result;
		const out = {
			chosen,
			coveredWeight,
			totalWeight,
			coverageShare,
			method,
			timeMs: Math.round(timeMs),
			gap,
			...detail
		};
		process.stdout.write(JSON.stringify(out, null, 2) + '\n');
	} catch (e) {
		if (e instanceof SitingInputError) fail(e.message);
		throw e;
	}
}

await main();
