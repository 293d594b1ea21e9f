// Builds the app (vite build → build/) when the build is missing or older than its sources.
import { config } from './config';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];

function newest(p: string): number {
	if (!existsSync(p)) return 0;
	const s = statSync(p);
	if (!s.isDirectory()) return s.mtimeMs;
	return readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), s.mtimeMs);
}

/** Where `vite build` puts the app (adapter-node's out folder). */
export const buildDir = () => config.buildDir;

export function buildIsFresh(): boolean {
	const out = path.join(buildDir(), 'index.js');
	return existsSync(out) && statSync(out).mtimeMs >= Math.max(...SOURCES.map(newest));
}

export function ensureBuild(log: (s: string) => void) {
	if (buildIsFresh()) log('build is up to date');
	else {
		log('building the app (vite build)');
		const vite = ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'];
		const r = spawnSync(process.execPath, vite, { stdio: 'inherit' });
		if (r.status !== 0) throw new Error('vite build failed');
	}
	// A build folder outside the project must still find the project's packages (adapter-node
	// leaves dependencies external).
	const link = path.join(buildDir(), 'node_modules');
	if (!path.resolve(buildDir()).startsWith(process.cwd() + path.sep) && !existsSync(link)) {
		symlinkSync(path.resolve('node_modules'), link, 'dir');
	}
}
