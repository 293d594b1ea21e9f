// Every route under src/routes, called anonymously and as a user whose role the route does not
// admit, must refuse (401 / login redirect, then 403), except the public allow-list. A new route
// without a policy fails here before it can leak anything.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessFor, POLICIES } from '../../src/lib/server/auth/policy';
import type { Role } from '../../src/lib/server/auth/roles';
import { baseUrl, DEMO_USER, sessionCookie } from '../setup/browser';

const PUBLIC = new Set([
	'GET /login',
	'GET /api/health',
	'GET /api/session',
	'POST /api/session',
	'DELETE /api/session',
	'GET /open311/v2/discovery.[format]',
	'GET /open311/v2/services.[format]',
	'GET /open311/v2/services/[service_code].[format]',
	// reduced requests without a key (REDGRID_OPEN311_PUBLIC_READ, on by default)
	'GET /open311/v2/requests.[format]',
	'GET /open311/v2/requests/[id].[format]',
	'GET /ogc',
	'GET /ogc/conformance',
	'GET /ogc/api'
]);
const SAMPLE_PARAMS: Record<string, string> = {
	layer: 'areas',
	z: '0',
	x: '0',
	y: '0',
	format: 'json',
	service_code: 'water'
};

interface Endpoint {
	routeId: string;
	method: string;
	url: string;
	page: boolean;
}

function listEndpoints(dir = 'src/routes', segments: string[] = []): Endpoint[] {
	const out: Endpoint[] = [];
	const routeId = '/' + segments.join('/');
	const url =
		'/' +
		segments
			.filter((s) => !/^\(.+\)$/.test(s))
			.map((s) => s.replace(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g, (_, name) => SAMPLE_PARAMS[name] ?? '1'))
			.join('/');
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory())
			out.push(...listEndpoints(path.join(dir, entry.name), [...segments, entry.name]));
		else if (/^\+page\.(svelte|server\.ts|ts)$/.test(entry.name)) {
			if (!out.some((e) => e.page && e.routeId === routeId))
				out.push({ routeId, method: 'GET', url, page: true });
		} else if (/^\+server\.(ts|js)$/.test(entry.name)) {
			const src = readFileSync(path.join(dir, entry.name), 'utf8');
			for (const m of src.matchAll(
				/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g
			)) {
				out.push({ routeId, method: m[1], url, page: false });
			}
		}
	}
	return out;
}

const endpoints = listEndpoints();
const cookies: Partial<Record<Role, string>> = {};

beforeAll(async () => {
	for (const [role, username] of Object.entries(DEMO_USER))
		cookies[role as Role] = await sessionCookie(username);
});

const call = (e: Endpoint, cookie?: string) =>
	fetch(`${baseUrl()}${e.url}`, {
		method: e.method,
		redirect: 'manual',
		headers: {
			...(cookie ? { cookie } : {}),
			...(e.method === 'GET' ? {} : { 'content-type': 'application/json', origin: baseUrl() })
		},
		body: e.method === 'GET' ? undefined : '{}'
	});

describe('route access', () => {
	it('finds the routes (the walker itself works)', () => {
		expect(endpoints.length).toBeGreaterThan(8);
		expect(endpoints).toContainEqual(
			expect.objectContaining({
				routeId: '/api/tickets/[id]',
				method: 'GET',
				url: '/api/tickets/1'
			})
		);
	});

	it('every route and method has a declared policy', () => {
		const missing = endpoints
			.filter((e) => accessFor(e.routeId, e.method) === undefined)
			.map((e) => `${e.method} ${e.routeId}`);
		expect(missing).toEqual([]);
	});

	it('no policy names a route that does not exist', () => {
		const ids = new Set(endpoints.map((e) => e.routeId));
		expect(Object.keys(POLICIES).filter((id) => !ids.has(id))).toEqual([]);
	});

	it('refuses anonymous callers everywhere but the public allow-list', async () => {
		const wrong: string[] = [];
		for (const e of endpoints) {
			const key = `${e.method} ${e.routeId}`;
			const res = await call(e);
			if (PUBLIC.has(key)) {
				expect(accessFor(e.routeId, e.method), key).toBe('public');
				continue;
			}
			const ok = e.page
				? res.status === 303 && res.headers.get('location')?.startsWith('/login')
				: res.status === 401;
			if (!ok) wrong.push(`${key} → ${res.status}`);
		}
		expect(wrong).toEqual([]);
	});

	it('refuses each role that a route does not admit', async () => {
		const wrong: string[] = [];
		let probes = 0;
		for (const e of endpoints) {
			const access = accessFor(e.routeId, e.method);
			if (!Array.isArray(access)) continue;
			for (const role of Object.keys(DEMO_USER) as Role[]) {
				if (access.includes(role)) continue;
				probes++;
				const res = await call(e, cookies[role]);
				if (res.status !== 403) wrong.push(`${e.method} ${e.routeId} as ${role} → ${res.status}`);
			}
		}
		expect(probes).toBeGreaterThan(3);
		expect(wrong).toEqual([]);
	});

	it('refuses an official an area outside their subtree, and admits one inside', async () => {
		const jizhou = await sessionCookie('jizhou');
		const areas: { id: number; code: string }[] = await (
			await fetch(`${baseUrl()}/api/areas?level=district`, { headers: { cookie: jizhou } })
		).json();
		const inside = areas.find((a) => a.code === '360802')!;
		const outside = areas.find((a) => a.code === '360803')!;
		expect(
			(await fetch(`${baseUrl()}/api/analysis/dashboard?area=${outside.id}`, { headers: { cookie: jizhou } }))
				.status
		).toBe(403);
		const ok = await fetch(`${baseUrl()}/api/analysis/dashboard?area=${inside.id}`, {
			headers: { cookie: jizhou }
		});
		expect(ok.status).toBe(200);
		expect((await ok.json()).area.name).toBe('吉州区');
	});

	it('refuses a cookie-authenticated change from another origin', async () => {
		const res = await fetch(`${baseUrl()}/api/session`, {
			method: 'DELETE',
			headers: { cookie: cookies.admin!, origin: 'http://evil.example' }
		});
		expect(res.status).toBe(403);
	});
});
