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
import { knownUser, SESSION_COOKIE, userOf, type Credential } from '../auth/sessions';
import { SECURITY_HEADERS } from '../security';
import { parseTileAddress } from './coords';
import { cachedTile, getTile, type TileAsk, type TileResponse } from './service';

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
 * The credential a request carries, read as the hooks read it (src/hooks.server.ts `authorise`): an
 * API key (X-API-Key header, else ?api_key=) wins over the session cookie; null when it has neither.
 */
function credentialOf(req: IncomingMessage, query: URLSearchParams): Credential | null {
	const apiKey = header(req, 'x-api-key') ?? query.get('api_key');
	if (apiKey) return { apiKey };
	const cookie = header(req, 'cookie');
	const session = cookie ? parseCookies(cookie)[SESSION_COOKIE] : undefined;
	return session ? { session } : null;
}

/** Whether the hooks would let this user's request through to the tile route. */
function mayAsk(user: SessionUser, credential: Credential): boolean {
	// a reset password must be changed first (the hooks refuse every other route to that session)
	if ('session' in credential && user.mustChangePassword) return false;
	const access = accessFor(TILE_ROUTE, 'GET');
	return access !== undefined && allows(access, user.role);
}

function send(res: ServerResponse, r: TileResponse): true {
	res.writeHead(r.status, {
		...r.headers,
		...SECURITY_HEADERS,
		...(r.status === 304 ? {} : { 'content-length': String(r.body.length) })
	});
	res.end(r.status === 304 ? undefined : r.body);
	return true;
}

const fastPathOn = config.tileFastPath; // read once: the environment is fixed for the process's life

/**
 * Answers a GET of a vector tile when the hooks would let it through; true when it answered, false
 * when the request must go on to SvelteKit (see the top of this file). Never throws (a promise never
 * rejects). A cache hit of a user this instance knows is answered at once, with no promise: the
 * same checks, the same scope and the same cached bytes as the awaited path below, which loads what
 * is not known yet (the user, the layer's version, the tile).
 */
export function serveTile(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
	if (req.method !== 'GET' || !fastPathOn) return false;
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
		const credential = credentialOf(req, query);
		if (!credential) return false;
		const ask: TileAsk = {
			requestedVersion: query.get('v'),
			acceptGzip: /\bgzip\b/.test(header(req, 'accept-encoding') ?? ''),
			ifNoneMatch: header(req, 'if-none-match')
		};
		const known = knownUser(credential);
		if (known) {
			if (!mayAsk(known, credential)) return false;
			const hit = cachedTile(parsed.tile, scopeOf(known), ask);
			if (hit) return send(res, hit);
		}
		return (async () => {
			const user = known ?? (await userOf(credential));
			if (!user || !mayAsk(user, credential)) return false;
			return send(res, await getTile(parsed.tile, scopeOf(user), ask));
		})().catch(() => false);
	} catch {
		// the hooks answer it (503 with Retry-After while the database is unreachable, 403 for a scope
		// that may not see the layer...), running the same checks again
		return false;
	}
}

/** The key under which the app's init hook offers serveTile to scripts/server.mjs. */
export const FRONT_HANDLER = Symbol.for('redgrid.frontHandler');
