// `npm test`: a throwaway PostGIS cluster (own folder, free port) with a migrated, seeded template
// database and, meanwhile, the type check and the linter; the build; then the vitest projects
// unit and integration (a database per file, cloned from the template; the apps they start run
// the built code). `npm run test:e2e` (first argument `--e2e`) runs the same setup and the `e2e`
// project in Chromium against the built app (simulator off), in one process or, with
// REDGRID_TEST_E2E_SHARDS, several (see below): it takes longer than everything else together, so
// it has its own command, which CI runs too (.ci/run). `npm run test:data` (`--data`) runs the
// `data` project: tests of third-party files from ../shared/data (or REDGRID_SHARED_DATA), which a
// plain clone does not have. Arguments after `npm test --` go to vitest (e.g. a file filter); with
// a filter, the files of all three projects of a plain clone match.
import { config } from './lib/config';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './lib/cluster';
import { ensureDatabase, prepareDatabase } from './lib/database';
import { throwawayCluster, type Throwaway } from './lib/throwaway';
import { ensureBuild } from './lib/build';
import { startApp, stopApp } from './lib/app';
import { ensurePackages } from './lib/tools';

const log = (s: string) => console.log(`[test] ${s}`);
const TEMPLATE = 'redgrid_template';
type Mode = 'default' | 'e2e' | 'data';
const mode: Mode = process.argv[2] === '--data' ? 'data' : process.argv[2] === '--e2e' ? 'e2e' : 'default';
const dataMode = mode === 'data';
const vitestArgs = process.argv.slice(mode === 'default' ? 2 : 3);

/** Runs a command; with a label, each line of its output is printed behind "[label] ". */
function run(cmd: string, args: string[], env: Record<string, string> = {}, label?: string): Promise<number> {
	return new Promise((resolve) => {
		const child: ChildProcess = spawn(cmd, args, {
			stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit',
			env: { ...process.env, ...env }
		});
		if (label)
			for (const [from, to] of [
				[child.stdout!, process.stdout],
				[child.stderr!, process.stderr]
			] as const)
				createInterface({ input: from }).on('line', (line) => to.write(`[${label}] ${line}\n`));
		child.on('exit', (code) => resolve(code ?? 1));
	});
}

/** One vitest process: its projects, its e2e shard, and the app (port, database) it tests. */
interface Stream {
	name: string;
	projects: string[];
	shard?: string;
	db?: string;
	port?: number;
}

const bin = (name: string) => path.resolve('node_modules/.bin', name);
let pg: Throwaway | undefined;
const apps: ChildProcess[] = [];
const failed: string[] = [];

/** svelte-check (after svelte-kit sync) and prettier + eslint, side by side; failures are recorded. */
async function staticChecks() {
	const typeCheck = async () =>
		(await run(bin('svelte-kit'), ['sync'], {}, 'type check')) === 0 &&
		(await run(bin('svelte-check'), ['--threshold', 'warning', '--output', 'human'], {}, 'type check')) === 0;
	const lint = async () => (await run('npm', ['run', '--silent', 'lint'], {}, 'lint')) === 0;
	const [types, style] = await Promise.all([typeCheck(), lint()]);
	if (!types) failed.push('type check');
	if (!style) failed.push('lint');
}

try {
	// gdal-bin (import, export, the OAPIF test) and, for e2e or a filter that may pick e2e files, chromium
	ensurePackages(mode !== 'default' || vitestArgs.length > 0 ? ['gdal', 'chromium'] : ['gdal'], log);
	// the type check and the linter read only the sources: they run while the database is prepared
	const checks = vitestArgs.length === 0 && mode === 'default' ? staticChecks() : Promise.resolve();
	pg = await throwawayCluster(log);
	const cluster = pg.cluster;
	await ensureDatabase(cluster, TEMPLATE);
	const t0 = Date.now();
	await prepareDatabase(cluster.url(TEMPLATE), true, log);
	log(`template database ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	await checks;
	ensureBuild(log);

	// One stream. In e2e mode with REDGRID_TEST_E2E_SHARDS ≥ 2, several at once (for machines with
	// more cores): the e2e files split into shards, each shard a vitest process with its own app and
	// its own database cloned from the template, so no shard sees another's rows. An app runs
	// without the simulator and without ORIGIN, as `npm start` runs it. With a file filter
	// (`npm test -- FILTER`) the unit, integration and e2e files that match run in one stream.
	const shards = mode === 'e2e' && !vitestArgs.length ? config.testE2eShards : 1;
	const streams: Stream[] = [];
	if (dataMode) streams.push({ name: 'data', projects: ['data'], db: 'e2e' });
	else if (vitestArgs.length)
		streams.push({
			name: 'filtered',
			projects: mode === 'e2e' ? ['e2e'] : ['unit', 'integration', 'e2e'],
			db: 'e2e'
		});
	else if (mode === 'default') streams.push({ name: 'unit+integration', projects: ['unit', 'integration'] });
	else
		for (let i = 1; i <= shards; i++)
			streams.push({
				name: shards > 1 ? `e2e ${i}/${shards}` : 'e2e',
				projects: ['e2e'],
				shard: shards > 1 ? `${i}/${shards}` : undefined,
				db: shards > 1 ? `e2e_${i}` : 'e2e'
			});
	for (const st of streams) {
		if (!st.db) continue;
		await pg.admin(`CREATE DATABASE ${st.db} TEMPLATE ${TEMPLATE}`);
		st.port = await freePort();
		apps.push(
			await startApp({
				port: st.port,
				databaseUrl: cluster.url(st.db),
				env: {
					REDGRID_DEMO: '1',
					REDGRID_SIMULATOR: '0',
					// deadline warnings would write events while the tests count them; tested directly
					REDGRID_WARNING_INTERVAL_SECONDS: '0',
					// figures counted afresh on every request: tests compare them with direct counts
					// (the stored figures are tested on their own, analysis-snapshot.test.ts)
					REDGRID_FIGURES_MAX_AGE_SECONDS: '0',
					REDGRID_DATA_DIR: path.join(pg.scratch, st.db)
				},
				quiet: true
			})
		);
		log(`${st.name}: app under test at http://127.0.0.1:${st.port} (database ${st.db})`);
	}

	const reports = await Promise.all(
		streams.map(async (st, i) => {
			const report = path.resolve(`test-results/vitest${streams.length > 1 ? `-${i}` : ''}.json`);
			rmSync(report, { force: true });
			const code = await run(
				bin('vitest'),
				[
					'run',
					'--reporter=default',
					'--reporter=json',
					`--outputFile.json=${report}`,
					...st.projects.flatMap((p) => ['--project', p]),
					...(st.shard ? [`--shard=${st.shard}`] : []),
					...vitestArgs
				],
				{
					REDGRID_TEST_PG: `postgres://app@127.0.0.1:${cluster.port}`,
					REDGRID_TEST_TEMPLATE: TEMPLATE,
					// an app a test starts itself writes no events of its own either (no simulated
					// tickets, no deadline warnings), unless the test turns them on
					REDGRID_SIMULATOR: '0',
					REDGRID_WARNING_INTERVAL_SECONDS: '0',
					// figures counted afresh on every request: tests compare them with direct counts
					// (the stored figures are tested on their own, analysis-snapshot.test.ts)
					REDGRID_FIGURES_MAX_AGE_SECONDS: '0',
					...(st.db && st.port
						? {
								REDGRID_TEST_BASE_URL: `http://127.0.0.1:${st.port}`,
								REDGRID_TEST_E2E_DATABASE_URL: cluster.url(st.db)
							}
						: {})
				},
				streams.length > 1 ? st.name : undefined
			);
			if (code !== 0) failed.push(`vitest (${st.name})`);
			return report;
		})
	);
	const total = { passed: 0, failed: 0, unrun: 0, broken: 0 };
	for (const report of reports) {
		if (!existsSync(report)) {
			failed.push(`no test report (${path.basename(report)})`);
			continue;
		}
		const r = JSON.parse(readFileSync(report, 'utf8'));
		total.passed += r.numPassedTests;
		total.failed += r.numFailedTests;
		// A skipped or pending test, or a file that failed to load, is a failure: nothing passes by not running.
		total.unrun += r.numPendingTests + r.numTodoTests;
		total.broken += (r.testResults as { status: string; assertionResults: unknown[] }[]).filter(
			(f) => f.status === 'failed' && f.assertionResults.length === 0
		).length;
	}
	console.log(
		`\n${total.passed} passed, ${total.failed} failed, ${total.unrun} skipped, ${total.broken} files failed to load`
	);
	if (total.unrun > 0) failed.push('skipped tests');
	if (total.broken > 0) failed.push('test files that failed to load');
} catch (err) {
	console.error(`[test] ${(err as Error).message}`);
	failed.push('setup');
} finally {
	await Promise.all(apps.map(stopApp));
	pg?.dispose();
}
if (failed.length) {
	console.error(`[test] FAILED: ${failed.join(', ')}`);
	process.exit(1);
}
log('all green');
