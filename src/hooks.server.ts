// Every request passes here: who is asking (session cookie or API key), and whether the route's
// policy lets them in. Routes then only ever see an authorised locals.user and locals.scope.
import { config } from '$lib/server/config';
import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { accessFor, allows } from '$lib/server/auth/policy';
import { scopeOf } from '$lib/server/auth/roles';
import { SESSION_COOKIE, userFromApiKey, userFromSession } from '$lib/server/auth/sessions';
import { open311Denial } from '$lib/server/open311/refusals';
import { ogcDenial } from '$lib/server/ogc/respond';
import { closeDb } from '$lib/server/db/pool';
import { stopNotifications } from '$lib/server/db/notifications';
import { stopEventHub } from '$lib/server/tickets/events';
import { errorBody, errorResponse, InputError, refuse } from '$lib/server/http';
import { bodyLimit, limitBody } from '$lib/server/limits';
import { isOutage, RETRY_AFTER_S } from '$lib/server/db/outage';
import { securityHeaders } from '$lib/server/security';
import type { ApiErrorBody } from '$lib/errors';

process.env.TZ = 'Asia/Shanghai';

export const init: ServerInit = async () => {
	// vector tiles in front of the router, through the same checks (src/lib/server/tiles/fast.ts):
	// scripts/server.mjs asks this handler before adapter-node's
	const { serveTile, FRONT_HANDLER } = await import('$lib/server/tiles/fast');
	(globalThis as Record<symbol, unknown>)[FRONT_HANDLER] = serveTile;
	let stopSimulator = async () => {};
	if (config.simulatorFlag === true) {
		const { startSimulator } = await import('$lib/server/simulator/simulator');
		stopSimulator = await startSimulator().catch((err) => {
			console.error(`simulator not started: ${err.message}`);
			return async () => {};
		});
	}
	// PIPL: reporter phones erased after their retention (src/lib/server/privacy/retention.ts)
	const { startRetention } = await import('$lib/server/privacy/retention');
	const stopRetention = startRetention();
	// the 12345 workflow: deadline warnings, and the outbox's webhook sender
	const { startWarnings } = await import('$lib/server/tickets/warnings');
	const stopWarnings = startWarnings();
	const { startOutbox } = await import('$lib/server/outbox/deliver');
	const stopOutbox = startOutbox();
	// planning: the walk graph and the city's candidate grid read ahead, so that a planner's first
	// siting run does not wait for them
	const { warmSiting } = await import('$lib/server/siting/service');
	void warmSiting();
	// adapter-node emits this after the HTTP server closed (SIGINT / SIGTERM): release the
	// database so the process ends at once and the cluster can stop cleanly.
	process.once('sveltekit:shutdown' as 'exit', async () => {
		await stopSimulator();
		stopRetention();
		stopWarnings();
		await stopOutbox();
		stopEventHub();
		await stopNotifications();
		await closeDb();
	});
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** All a user who must change their password may reach. */
const PASSWORD_CHANGE_ROUTES = new Set(['/account/password', '/api/me/password', '/api/session', '/login']);

/**
 * Open311 clients send api_key inside a form-encoded body: read it from a copy of the request, on
 * the Open311 routes only (no other route's form is parsed here).
 */
async function formApiKey(request: Request, routeId: string | null): Promise<string | null> {
	if (
		request.method !== 'POST' ||
		!routeId?.startsWith('/open311/') ||
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
export function sameSite(origin: string, event: RequestEvent): boolean {
	if (origin === event.url.origin) return true;
	try {
		return new URL(origin).host === event.request.headers.get('host');
	} catch {
		return false;
	}
}

/** 503 while the database is unreachable: the client retries after Retry-After seconds. */
const unavailable = () =>
	refuse(503, null, 'the database is unreachable; try again shortly', 'unavailable', {
		retryAfter: RETRY_AFTER_S
	});

// The one place errors are answered. A route's InputError is answered by `answer`; anything thrown
// past it (or by a page's load) comes here. handleError keeps the error for `handle` below, which
// turns it into the one JSON shape with its real status (4xx for an InputError, 503 while the
// database is unreachable, else 500 `internal`, logged).
export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	event.locals.failure = err;
	if (err instanceof InputError) return errorBody(err);
	if (isOutage(err)) return { field: null, code: 'unavailable', params: {}, message: 'database unreachable' };
	if (status >= 500) console.error(`${event.request.method} ${event.url.pathname}:`, err);
	return {
		field: null,
		code: status === 404 ? 'not_found' : status >= 500 ? 'internal' : 'invalid',
		params: {},
		message
	} satisfies ApiErrorBody;
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.failure = undefined;
	let response: Response;
	try {
		response = await authorise({ event, resolve });
	} catch (err) {
		// thrown before the route ran (reading the session or key, the body limit)
		if (err instanceof InputError) response = errorResponse(err);
		else if (isOutage(err)) response = unavailable();
		else throw err;
	}
	if (response.status === 500 && event.locals.failure !== undefined) {
		const failure = event.locals.failure;
		if (failure instanceof InputError) response = errorResponse(failure);
		else if (isOutage(failure)) response = unavailable();
	}
	if (response.status === 503 && !response.headers.has('retry-after'))
		response = withHeader(response, 'retry-after', String(RETRY_AFTER_S));
	return securityHeaders(response);
};

/** A response with one more header (headers of fetched or immutable responses are copied). */
function withHeader(response: Response, name: string, value: string): Response {
	try {
		response.headers.set(name, value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		copy.headers.set(name, value);
		return copy;
	}
}

const authorise: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.scope = null;
	event.locals.via = null;
	event.locals.credential = null;

	const routeId = event.route.id;
	// every body is held to its route's limit before anything reads it
	event.request = limitBody(event.request, bodyLimit(routeId, event.request.method));

	const apiKey =
		event.request.headers.get('x-api-key') ??
		event.url.searchParams.get('api_key') ??
		(await formApiKey(event.request, routeId));
	const token = event.cookies.get(SESSION_COOKIE);
	if (apiKey) {
		event.locals.user = await userFromApiKey(apiKey);
		if (!event.locals.user)
			return (
				open311Denial(event.url.pathname, 'invalid_key') ??
				ogcDenial(event.url.pathname, 401, 'api_key: invalid or revoked') ??
				refuse(401, 'api_key', 'invalid or revoked API key', 'unauthenticated')
			);
		event.locals.via = 'api_key';
		event.locals.credential = { kind: 'api_key', secret: apiKey };
	} else if (token) {
		event.locals.user = await userFromSession(token);
		if (event.locals.user) {
			event.locals.via = 'cookie';
			event.locals.credential = { kind: 'session', secret: token };
		}
	}
	// A change not made with an API key (a signed-in page, or the sign-in itself: login CSRF) must
	// come from our own pages: refuse cross-site origins.
	const origin = event.request.headers.get('origin');
	if (!apiKey && !SAFE_METHODS.has(event.request.method) && origin && !sameSite(origin, event)) {
		return refuse(403, 'Origin', `cross-site ${event.request.method} from ${origin} refused`, 'cross_site');
	}
	if (event.locals.user) event.locals.scope = scopeOf(event.locals.user);

	// no such route: SvelteKit answers 404 (under /open311 and /ogc in their specs' error formats)
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
		return refuse(403, 'password', 'change your password first', 'must_change_password');
	}
	const access = accessFor(routeId, event.request.method);
	if (access === undefined) {
		// Deny by default: a route must declare its access in src/lib/server/auth/policy.ts.
		const denial =
			open311Denial(event.url.pathname, 'method', `${event.request.method} is not offered here`) ??
			ogcDenial(event.url.pathname, 405, `method: ${event.request.method} is not offered here`);
		if (denial) return denial;
		return refuse(403, null, `no access policy for ${event.request.method} ${routeId}`, 'forbidden');
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
			return refuse(401, null, 'sign in first', 'unauthenticated');
		}
		const message = `the role ${event.locals.user.role} may not ${event.request.method} ${routeId}`;
		// a page gets the error page (src/error.html, in the interface language), not JSON
		if (isPage) error(403, { field: null, code: 'forbidden', params: {}, message });
		return refuse(403, null, message, 'forbidden');
	}
	return resolve(event);
};
