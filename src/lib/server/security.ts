// Security headers of every response the app makes (src/hooks.server.ts). The Content-Security-
// Policy itself is SvelteKit's (svelte.config.js, `kit.csp`: a nonce per page for its inline
// bootstrap script); here the optional 天地图 host is added when REDGRID_TIANDITU_KEY is set.
import { config } from './config.js';

/** The 天地图 tile hosts (t0–t7.tianditu.gov.cn), allowed only when a key is configured. */
export const TIANDITU_HOSTS = 'https://*.tianditu.gov.cn';

/** The CSP with the 天地图 host added to the directives MapLibre loads tiles through. */
export function withTianditu(csp: string): string {
	return csp.replace(/(^|;\s*)(connect-src|img-src)([^;]*)/g, `$1$2$3 ${TIANDITU_HOSTS}`);
}

/** The headers every response carries (besides a page's CSP), by lower-case name. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY'
});

/** Sets the headers on a response (copying it when its headers are immutable). */
export function securityHeaders(response: Response): Response {
	let r = response;
	try {
		r.headers.set('x-content-type-options', 'nosniff');
	} catch {
		r = new Response(response.body, response);
	}
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) r.headers.set(name, value);
	const csp = r.headers.get('content-security-policy');
	if (csp && config.tiandituKey) r.headers.set('content-security-policy', withTianditu(csp));
	return r;
}
