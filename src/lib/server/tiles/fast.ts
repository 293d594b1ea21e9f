// Vector tiles answered in front of SvelteKit's router (scripts/server.mjs asks this first): a tile
// is a few hundred bytes to a few hundred KB from an in-memory cache, and SvelteKit's per-request
// work (a Request and Response object, routing, the hooks' event) cost more than the tile itself.
//
// Only the answer that the hooks and the route would give anyway is made here, through the same
// functions: the user from the same session / API key cache (src/lib/server/auth/sessions.ts,
// emptied on every NOTIFY auth_changed, so a signed-out session, a changed password or a revoked key
// stops at once), the same access policy row and role check, the same scope (scopeOf), the same
// tile service and the same security headers. Everything else falls through to SvelteKit untouched
// (`false`): no or an unknown credential, a password to change first, a role the policy refuses, a
// bad address, a body, HEAD, an unusual path (encoded, trailing slash), or any error (the database
// unreachable, a scope that may not see the layer). The hooks then answer it exactly as before:
// 401 / 403 / 400 / 413 / 503 with Retry-After.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { config } from '../config.js';
import { accessFor, allows } from '../auth/policy';
import { scopeOf, type SessionUser } from '../auth/roles';
import { SESSION_COOKIE, userFromApiKey, userFromSession } from '../auth/sessions';
import { SECURITY_HEADERS } from '../security';
import { parseTileAddress } from './coords';
import { getTile } from './service';

/** The SvelteKit route this path stands in for (its row in src/lib/server/auth/policy.ts). */
export const TILE_ROUTE = '/api/tiles/[layer]/[z]/[x]/[y].mvt';
// the route's four parameters; a `%` (an encoded character) is left to SvelteKit's decoding
const TILE_PATH = /^\/api\/tiles\/([^/%]+)\/([^/%]+)\/([^/%]+)\/([^/%]+)\.mvt$/;

/** The first value of a request header (node joins repeated ones, like fetch's Headers). */
const header = (req: IncomingMessage, name: string): string | null => {
	const v = req.headers[name];
	return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
};

/**
 * The signed-in user of a request, read as the hooks read it (src/hooks.server.ts `authorise`): an
 * API key (X-API-Key header, else ?api_key=) wins over the session cookie; null when neither names
 * a live credential. `via` says which one, for the password-change rule.
 */
async function whoAsks(
	req: IncomingMessage,
	query: URLSearchParams
): Promise<{ user: SessionUser; via: 'api_key' | 'cookie' } | null> {
	const apiKey = header(req, 'x-api-key') ?? query.get('api_key');
	if (apiKey) {
		const user = await userFromApiKey(apiKey);
		return user ? { user, via: 'api_key' } : null;
	}
	const cookie = header(req, 'cookie');
	const token = cookie ? parseCookies(cookie)[SESSION_COOKIE] : undefined;
	if (!token) return null;
	const user = await userFromSession(token);
	return user ? { user, via: 'cookie' } : null;
}

/**
 * Answers a GET of a vector tile when the hooks would let it through; true when it answered, false
 * when the request must go on to SvelteKit (see the top of this file). Never throws.
 */
export async function serveTile(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
	if (req.method !== 'GET' || !config.tileFastPath) return false;
	const url = req.url ?? '';
	if (!url.startsWith('/api/tiles/')) return false;
	const q = url.indexOf('?');
	const m = TILE_PATH.exec(q < 0 ? url : url.slice(0, q));
	if (!m) return false;
	// a body is held to the route's limit by the hooks (src/lib/server/limits.ts): theirs to answer
	const length = header(req, 'content-length');
	if ((length !== null && length !== '0') || header(req, 'transfer-encoding') !== null) return false;
	const parsed = parseTileAddress({ layer: m[1], z: m[2], x: m[3], y: m[4] });
	if (!parsed.ok) return false;
	try {
		const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
		const who = await whoAsks(req, query);
		if (!who) return false;
		// a reset password must be changed first (the hooks refuse every other route to that session)
		if (who.via === 'cookie' && who.user.mustChangePassword) return false;
		const access = accessFor(TILE_ROUTE, 'GET');
		if (access === undefined || !allows(access, who.user.role)) return false;
		const r = await getTile(parsed.tile, scopeOf(who.user), {
			requestedVersion: query.get('v'),
			acceptGzip: /\bgzip\b/.test(header(req, 'accept-encoding') ?? ''),
			ifNoneMatch: header(req, 'if-none-match')
		});
		res.writeHead(r.status, {
			...r.headers,
			...SECURITY_HEADERS,
			...(r.status === 304 ? {} : { 'content-length': String(r.body.length) })
		});
		res.end(r.status === 304 ? undefined : r.body);
		return true;
	} catch {
		// the hooks answer it (503 with Retry-After while the database is unreachable, 403 for a scope
		// that may not see the layer...), running the same checks again
		return false;
	}
}

/** The key under which the app's init hook offers serveTile to scripts/server.mjs. */
export const FRONT_HANDLER = Symbol.for('redgrid.frontHandler');
