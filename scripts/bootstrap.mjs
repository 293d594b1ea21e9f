// Plain Node, no dependencies: runs before node_modules exists. Installs the npm dependencies
// when they are missing or older than package-lock.json, then runs a TypeScript script with tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const mtime = (/** @type {string} */ p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

export function ensureNodeModules() {
	const marker = 'node_modules/.package-lock.json';
	if (existsSync(marker) && mtime(marker) >= mtime('package-lock.json')) return;
	console.log('[redgrid] installing npm dependencies (npm ci)');
	const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
	if (r.status !== 0) {
		console.error('[redgrid] npm ci failed');
		process.exit(r.status ?? 1);
	}
}

/**
 * Runs script under tsx in a child, forwards SIGINT/SIGTERM to it and exits with its code.
 * @param {string} script
 * @param {string[]} args
 */
export function runTs(script, args = []) {
	const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: 'inherit' });
	// A terminal's Ctrl-C reaches the whole process group; the child does the clean shutdown.
	for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => child.kill(sig));
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
