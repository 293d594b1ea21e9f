// `npm run bench -- NAME [args]`: runs scripts/bench/NAME.ts; with no name, lists the benchmarks.
import '../lib/one-line-errors';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const names = readdirSync('scripts/bench')
	.filter((f) => f.endsWith('.ts') && !['run.ts', 'lib.ts'].includes(f))
	.map((f) => f.replace(/\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
	console.error(`usage: npm run bench -- ${names.join('|')} [args]   (figures go to BENCHMARKS.md)`);
	process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', `scripts/bench/${name}.ts`, ...args], {
	stdio: 'inherit'
});
process.exit(r.status ?? 1);
