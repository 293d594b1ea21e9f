// The server code imports its SQL with Vite's "?raw" and the $lib alias: teaches Node both, so a
// script (a benchmark) can call server modules directly. Import this before those modules.
import { register } from 'node:module';

register(
	'data:text/javascript,' +
		encodeURIComponent(`
import { readFile } from 'node:fs/promises';
const lib = ${JSON.stringify(new URL('../../src/lib/', import.meta.url).href)};
export async function resolve(spec, ctx, next) {
	if (spec.startsWith('$lib/')) return next(lib + spec.slice(5), ctx);
	if (spec.endsWith('?raw')) return { url: new URL(spec, ctx.parentURL).href, shortCircuit: true };
	return next(spec, ctx);
}
export async function load(url, ctx, next) {
	if (url.endsWith('?raw')) {
		const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
		return { format: 'module', source: 'export default ' + JSON.stringify(text), shortCircuit: true };
	}
	return next(url, ctx);
}`),
	import.meta.url
);
