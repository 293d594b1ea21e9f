// `npm test`: a throwaway PostGIS cluster (own folder, free port) with a migrated, seeded template
// database; the type check and linter; the build; the app on a free port (simulator off); then
// every vitest project: unit, integration (a database per file, cloned from the template), e2e.
// Arguments after `npm test --` go to vitest (e.g. a file filter). `npm run test:data` (first
// argument `--data`) runs the same setup and only the `data` project: tests of third-party files
// from ../shared/data (or REDGRID_SHARED_DATA), which a plain clone does not have.
// Arguments after `npm test --` go to vitest (e.g. a file filter).
import { config } from './lib/config';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './lib/cluster';
import { ensureDatabase, prepareDatabase } from './lib/database';
import { throwawayCluster, type Throwaway } from './lib/throwaway';
import { ensureBuild } from './lib/build';
import { startApp, stopApp } from './lib/app';

const log = (s: string) => console.log(`[test] ${s}`);
const TEMPLATE = 'redgrid_template';
const dataMode = process.argv[2] === '--data';
const vitestArgs = process.argv.slice(dataMode ? 3 : 2);
const projects = (dataMode ? ['data'] : ['unit', 'integration', 'e2e']).flatMap((p) => ['--project', p]);

/** Debian's chromium (e2e) and gdal-bin (ogr2ogr / ogrinfo: import, export, the OAPIF test), in one apt-get. */
function ensureChromium() {
	const bin = config.chromiumPath;
	const missing = [
		...(existsSync(bin) ? [] : ['chromium']),
		...(['/usr/bin/ogr2ogr', '/usr/local/bin/ogr2ogr'].some(existsSync) ? [] : ['gdal-bin'])
	];
	if (!missing.length) return;
	if (process.getuid?.() !== 0)
		throw new Error(`missing: install with sudo apt-get install -y ${missing.join(' ')}`);
	log(`installing Debian's ${missing.join(' and ')} with apt-get (first run only)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'ignore', env });
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve) => {
		const child: ChildProcess = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
		child.on('exit', (code) => resolve(code ?? 1));
	});
}

const bin = (name: string) => path.resolve('node_modules/.bin', name);
let pg: Throwaway | undefined;
let app: ChildProcess | undefined;
const failed: string[] = [];

try {
	ensureChromium();
	pg = await throwawayCluster(log);
	const cluster = pg.cluster;
	await ensureDatabase(cluster, TEMPLATE);
	const t0 = Date.now();
	await prepareDatabase(cluster.url(TEMPLATE), true, log);
	log(`template database ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

	if (vitestArgs.length === 0 && !dataMode) {
		log('type check (svelte-check)');
		if (
			(await run(bin('svelte-kit'), ['sync'])) !== 0 ||
			(await run(bin('svelte-check'), ['--threshold', 'warning', '--output', 'human'])) !== 0
		)
			failed.push('type check');
		log('lint (prettier + eslint)');
		if ((await run('npm', ['run', '--silent', 'lint'])) !== 0) failed.push('lint');
	}
	ensureBuild(log);

	// The e2e app gets its own database, cloned from the template, and runs without the simulator,
	// and without ORIGIN, as `npm start` runs it.
	await pg.admin(`CREATE DATABASE e2e TEMPLATE ${TEMPLATE}`);
	const appPort = await freePort();
	app = await startApp({
		port: appPort,
		databaseUrl: cluster.url('e2e'),
		env: {
			REDGRID_DEMO: '1',
			REDGRID_SIMULATOR: '0',
			// deadline warnings would write events while the tests count them; tested directly
			REDGRID_WARNING_INTERVAL_SECONDS: '0',
			REDGRID_DATA_DIR: pg.scratch
		},
		quiet: true
	});
	log(`app under test at http://127.0.0.1:${appPort}`);

	const report = path.resolve('test-results/vitest.json');
	const code = await run(
		bin('vitest'),
		[
			'run',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${report}`,
			...projects,
			...vitestArgs
		],
		{
			REDGRID_TEST_PG: `postgres://app@127.0.0.1:${cluster.port}`,
			REDGRID_TEST_TEMPLATE: TEMPLATE,
			REDGRID_TEST_BASE_URL: `http://127.0.0.1:${appPort}`
		}
	);
	if (code !== 0) failed.push('vitest');
	if (existsSync(report)) {
		const r = JSON.parse(readFileSync(report, 'utf8'));
		// A skipped or pending test, or a file that failed to load, is a failure: nothing passes by not running.
		const unrun = r.numPendingTests + r.numTodoTests;
		const broken = (r.testResults as { status: string; assertionResults: unknown[] }[]).filter(
			(f) => f.status === 'failed' && f.assertionResults.length === 0
		).length;
		console.log(
			`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${unrun} skipped, ${broken} files failed to load`
		);
		if (unrun > 0) failed.push('skipped tests');
		if (broken > 0) failed.push('test files that failed to load');
	}
} catch (err) {
	console.error(`[test] ${(err as Error).message}`);
	failed.push('setup');
} finally {
	if (app) await stopApp(app);
	pg?.dispose();
}
if (failed.length) {
	console.error(`[test] FAILED: ${failed.join(', ')}`);
	process.exit(1);
}
log('all green');
