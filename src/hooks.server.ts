// Every request passes here: who is asking (session cookie or API key), and whether the route's
// policy lets them in. Routes then only ever see an authorised locals.user and locals.scope.
import { error, json, redirect, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { accessFor, allows } from '$lib/server/auth/policy';
import { scopeOf } from '$lib/server/auth/roles';
import { SESSION_COOKIE, userFromApiKey, userFromSession } from '$lib/server/auth/sessions';
import { open311Denial } from '$lib/server/open311/refusals';
import { ogcDenial } from '$lib/server/ogc/respond';
import { closeDb } from '$lib/server/db/pool';
import { stopNotifications } from '$lib/server/db/notifications';
import { stopEventHub } from '$lib/server/tickets/events';

process.env.TZ = 'Asia/Shanghai';

export const init: ServerInit = async () => {
	let stopSimulator = async () => {};
	if (process.env.REDGRID_SIMULATOR === '1') {
		const { startSimulator } = await import('$lib/server/simulator/simulator');
		stopSimulator = await startSimulator().catch((err) => {
			console.error(`simulator not started: ${err.message}`);
			return async () => {};
		});
	}
	// adapter-node emits this after the HTTP server closed (SIGINT / SIGTERM): release the
	// database so the process ends at once and the cluster can stop cleanly.
	process.once('sveltekit:shutdown' as 'exit', async () => {
		await stopSimulator();
		stopEventHub();
		await stopNotifications();
		await closeDb();
	});
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** All a user who must change their password may reach. */
const PASSWORD_CHANGE_ROUTES = new Set(['/account/password', '/api/me/password', '/api/session', '/login']);

/** Open311 clients send api_key inside a form-encoded body; read it from a copy of the request. */
async function formApiKey(request: Request): Promise<string | null> {
	if (
		request.method !== 'POST' ||
		!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded')
	)
		return null;
	const form = await request
		.clone()
		.formData()
		.catch(() => null);
	const key = form?.get('api_key');
	return typeof key === 'string' && key ? key : null;
}

/**
 * Whether a request's Origin is the app itself. Without ORIGIN, adapter-node assumes https, so a
 * plain-http page's Origin would never equal event.url.origin: compare the host the browser
 * addressed (Host header) too.
 */
function sameSite(origin: string, event: RequestEvent): boolean {
	if (origin === event.url.origin) return true;
	try {
		return new URL(origin).host === event.request.headers.get('host');
	} catch {
		return false;
	}
}

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.scope = null;
	event.locals.via = null;

	const apiKey =
		event.request.headers.get('x-api-key') ??
		event.url.searchParams.get('api_key') ??
		(await formApiKey(event.request));
	const token = event.cookies.get(SESSION_COOKIE);
	if (apiKey) {
		event.locals.user = await userFromApiKey(apiKey);
		if (!event.locals.user)
			return (
				open311Denial(event.url.pathname, 'invalid_key') ??
				ogcDenial(event.url.pathname, 401, 'api_key: invalid or revoked') ??
				json({ message: 'invalid or revoked API key' }, { status: 401 })
			);
		event.locals.via = 'api_key';
	} else if (token) {
		event.locals.user = await userFromSession(token);
		if (event.locals.user) event.locals.via = 'cookie';
		// A cookie-authenticated change must come from our own pages: refuse cross-site origins.
		const origin = event.request.headers.get('origin');
		if (!SAFE_METHODS.has(event.request.method) && origin && !sameSite(origin, event)) {
			return json({ message: `cross-site ${event.request.method} from ${origin} refused` }, { status: 403 });
		}
	}
	if (event.locals.user) event.locals.scope = scopeOf(event.locals.user);

	const routeId = event.route.id;
	// no such route: SvelteKit answers 404 (under /open311 in the spec's error format)
	if (routeId === null)
		return (
			open311Denial(event.url.pathname, 'not_found') ??
			ogcDenial(event.url.pathname, 404, `path: no such resource ${event.url.pathname.slice(0, 100)}`) ??
			resolve(event)
		);
	if (event.request.method === 'OPTIONS') return resolve(event);
	// A reset (or admin-chosen) password must be changed first: nothing else for that session until
	// then (API keys, issued by an admin for an integration, are not sign-ins and keep working).
	if (
		event.locals.via === 'cookie' &&
		event.locals.user?.mustChangePassword &&
		!PASSWORD_CHANGE_ROUTES.has(routeId)
	) {
		if (!routeId.startsWith('/api') && event.request.method === 'GET') redirect(303, '/account/password');
		return json({ message: 'password: change your password first', field: 'password' }, { status: 403 });
	}
	const access = accessFor(routeId, event.request.method);
	if (access === undefined) {
		// Deny by default: a route must declare its access in src/lib/server/auth/policy.ts.
		const denial =
			open311Denial(event.url.pathname, 'method', `${event.request.method} is not offered here`) ??
			ogcDenial(event.url.pathname, 405, `method: ${event.request.method} is not offered here`);
		if (denial) return denial;
		return json({ message: `no access policy for ${event.request.method} ${routeId}` }, { status: 403 });
	}
	if (!allows(access, event.locals.user?.role)) {
		// Open311 clients get the spec's error format
		const denial = open311Denial(
			event.url.pathname,
			event.locals.user ? 'role' : 'no_key',
			`the role ${event.locals.user?.role} may not ${event.request.method} ${routeId}`
		);
		if (denial) return denial;
		const ogc = ogcDenial(
			event.url.pathname,
			event.locals.user ? 403 : 401,
			event.locals.user
				? `the role ${event.locals.user.role} may not read this`
				: 'api_key: sign in or send an API key (X-API-Key header)'
		);
		if (ogc) return ogc;
		// pages redirect to the login page; machine endpoints (JSON API, Open311, OGC API) answer 401
		const isPage = event.request.method === 'GET' && !/^\/(api|open311|ogc)(\/|$)/.test(routeId);
		if (!event.locals.user) {
			if (isPage) redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
			error(401, 'sign in first');
		}
		error(403, `the role ${event.locals.user.role} may not ${event.request.method} ${routeId}`);
	}
	return resolve(event);
};
