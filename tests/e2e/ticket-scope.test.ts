// Every route of the access table (src/lib/server/auth/policy.ts) that returns tickets or counts of
// them is probed over HTTP for a ticket outside the caller's scope (it must not show) and, as a
// control that the probe can see at all, for one inside it (it must show). A route that the table
// gains later fails the first test until it is classified here. The caller is the demo grid worker;
// for the routes a grid worker may not call (area figures), the 吉州区 official with an area outside.
import pg from 'pg';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICIES } from '../../src/lib/server/auth/policy';
import { decodeCube } from '../../src/lib/analysis/cube';
import { hexCellOf, mercator } from '../../src/lib/server/analysis/hex';
import { baseUrl, sessionCookie, e2eDatabaseUrl } from '../setup/browser';

interface Fixture {
	id: number;
	code: string;
	lon: number;
	lat: number;
	buildingId: number;
	communityId: number;
	districtId: number;
}
interface Ctx {
	t: Fixture;
	/** the seq just before the fixtures were filed */
	since: number;
	/** an area: the official's own for the in-scope probe, another district for the other */
	area: number;
	/** the company of the in-scope fixture's compound */
	companyId?: number;
}
/** true when the ticket (or its area's figures) reached the caller */
type Probe = (c: Ctx) => Promise<boolean>;

let sql: pg.Client;
let worker: string;
let jizhou: string;
let admin: string;
const inside = {} as Ctx;
const outside = {} as Ctx;

const get = (path: string, cookie = worker, init: RequestInit = {}) =>
	fetch(`${baseUrl()}${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });
const getJson = async (path: string, cookie = worker) => {
	const r = await get(path, cookie);
	expect(r.status, path).toBe(200);
	return r.json();
};
const bbox = (t: Fixture, d = 0.0003) => [t.lon - d, t.lat - d, t.lon + d, t.lat + d].join(',');
const hasId = (rows: { id: number | string }[], t: Fixture) => rows.some((r) => Number(r.id) === t.id);
const okUnless403 = async (r: Promise<Response>) => {
	const res = await r;
	expect([200, 403, 404], res.url).toContain(res.status);
	return res.status !== 403 && res.status !== 404;
};
const areaFigures =
	(path: string): Probe =>
	async (c) => {
		const r = await get(`${path}${path.includes('?') ? '&' : '?'}area=${c.area}`, jizhou);
		expect([200, 403], path).toContain(r.status);
		return r.status === 200;
	};

const PNG_1X1 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Routes and methods that return tickets or counts of them, and how to look for one. */
const PROBES: Record<string, Probe> = {
	'GET /api/tickets': async ({ t }) => hasId(await getJson(`/api/tickets?before=${t.id + 1}&limit=1`), t),
	'GET /api/tickets/[id]': ({ t }) => okUnless403(get(`/api/tickets/${t.id}`)),
	'GET /api/tickets/[id]/events': ({ t }) => okUnless403(get(`/api/tickets/${t.id}/events`)),
	// the fixture has no photo: in scope that is a 404 saying so, outside the scope a 403
	'GET /api/tickets/[id]/photo': async ({ t }) => {
		const res = await get(`/api/tickets/${t.id}/photo`);
		expect([403, 404]).toContain(res.status);
		return res.status === 404;
	},
	// a photo added in the field: in scope the fixture's ticket has none with that event (404), outside 403
	'GET /api/tickets/[id]/photos/[eventId]': async ({ t }) => {
		const res = await get(`/api/tickets/${t.id}/photos/1`);
		expect([403, 404]).toContain(res.status);
		return res.status === 404;
	},
	// a 1 × 1 PNG with a caption: added in scope (201), refused outside (403)
	'POST /api/tickets/[id]/photos': async ({ t }) => {
		const form = new FormData();
		form.set('photo', new Blob([Buffer.from(PNG_1X1, 'base64')], { type: 'image/png' }), 'p.png');
		form.set('note', '范围检查');
		const res = await get(`/api/tickets/${t.id}/photos`, worker, {
			method: 'POST',
			headers: { origin: baseUrl() },
			body: form
		});
		expect([201, 403], res.url).toContain(res.status);
		return res.status === 201;
	},
	'POST /api/tickets/[id]/actions': ({ t }) =>
		okUnless403(
			get(`/api/tickets/${t.id}/actions`, worker, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: baseUrl() },
				body: JSON.stringify({ action: 'note', note: '范围检查' })
			})
		),
	'GET /api/tickets/[id]/chain': ({ t }) => okUnless403(get(`/api/tickets/${t.id}/chain`)),
	// dispatchers only: the 吉州区 official
	'GET /api/tickets/[id]/candidates': ({ t }) => okUnless403(get(`/api/tickets/${t.id}/candidates`, jizhou)),
	'GET /api/tickets/[id]/holders': ({ t }) => okUnless403(get(`/api/tickets/${t.id}/holders`, jizhou)),
	'GET /api/governance/tickets/[id]/decisions': ({ t }) =>
		okUnless403(get(`/api/governance/tickets/${t.id}/decisions`)),
	'GET /api/tickets/nearby': async ({ t }) =>
		hasId(await getJson(`/api/tickets/nearby?lon=${t.lon}&lat=${t.lat}`), t),
	'GET /api/tiles/[layer]/[z]/[x]/[y].mvt': async ({ t }) => {
		const z = 15;
		const n = 2 ** z;
		const r = (t.lat * Math.PI) / 180;
		const x = Math.floor(((t.lon + 180) / 360) * n);
		const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
		const res = await get(`/api/tiles/tickets/${z}/${x}/${y}.mvt`);
		expect(res.status).toBe(200);
		const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.tickets;
		return Array.from({ length: layer?.length ?? 0 }, (_, i) => Number(layer.feature(i).id)).includes(t.id);
	},
	'GET /api/features/[layer]/[id]': async ({ t }) => {
		const detail = await okUnless403(get(`/api/features/tickets/${t.id}`));
		const panel = await getJson(`/api/features/buildings/${t.buildingId}`);
		const open = panel.fields.find(([k]: [string]) => k === 'openTickets')[1];
		expect(open > 0, 'the building panel counts it exactly when the detail shows it').toBe(detail);
		return detail;
	},
	'GET /api/analysis/density': async ({ t }) =>
		(await getJson(`/api/analysis/density?bbox=${bbox(t)}`)).total > 0,
	// the playback cube of yesterday to tomorrow (Beijing days) at its finest hexagons: counts in the ticket's cell
	'GET /api/analysis/cube': async ({ t }) => {
		const day = (offset: number) =>
			new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
		const res = await get(`/api/analysis/cube?from=${day(-1)}&to=${day(1)}&zoom=14`);
		expect(res.status, res.url).toBe(200);
		const cube = decodeCube(await res.arrayBuffer());
		const [i, j] = hexCellOf(...mercator(t.lon, t.lat), cube.size);
		let count = 0;
		for (let k = 0; k < cube.entries; k++) {
			const c = cube.entryCell[k];
			if (cube.cellI[c] === i && cube.cellJ[c] === j) count += cube.entryCount[k];
		}
		return count > 0;
	},
	'GET /api/analysis/hotspots': async ({ t }) =>
		(await getJson(`/api/analysis/hotspots?min=2&category=dispute`)).hotspots.some(
			(h: { kind: string; id: number }) => h.kind === 'building' && h.id === t.buildingId
		),
	'GET /api/export/analysis/density': async ({ t }) => {
		const fc = await getJson(`/api/export/analysis/density?format=geojson&bbox=${bbox(t)}`);
		return fc.features.length > 0;
	},
	'GET /api/export/analysis/hotspots': async ({ t }) => {
		const fc = await getJson(`/api/export/analysis/hotspots?format=geojson&min=2&category=dispute`);
		return fc.features.some(
			(f: { properties: { kind: string; id: number } }) =>
				f.properties.kind === 'building' && f.properties.id === t.buildingId
		);
	},
	'GET /api/events': async ({ t, since }) => {
		const ac = new AbortController();
		const res = await get(`/api/events?since=${since}`, worker, { signal: ac.signal });
		expect(res.status).toBe(200);
		const reader = res.body!.getReader();
		let text = '';
		const stop = setTimeout(() => ac.abort(), 2500);
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				text += new TextDecoder().decode(value);
			}
		} catch {
			// aborted: the replay had time to arrive
		} finally {
			clearTimeout(stop);
		}
		const ids = [...text.matchAll(/"ticketId":"?(\d+)/g)].map((m) => Number(m[1]));
		expect(text).toContain(': connected');
		return ids.includes(t.id);
	},
	'GET /api/export/layers/[layer]': async ({ t }) =>
		hasId((await getJson(`/api/export/layers/tickets?format=geojson&bbox=${bbox(t)}`)).features, t),
	'GET /ogc/collections/[collectionId]/items': async ({ t }) =>
		hasId((await getJson(`/ogc/collections/tickets/items?bbox=${bbox(t)}&limit=1000`)).features, t),
	'GET /ogc/collections/[collectionId]/items/[featureId]': ({ t }) =>
		okUnless403(get(`/ogc/collections/tickets/items/${t.id}`)),
	'GET /open311/v2/requests.[format]': async ({ t }) =>
		(await getJson(`/open311/v2/requests.json?service_request_id=${t.id}`)).some(
			(r: { service_request_id: string }) => Number(r.service_request_id) === t.id
		),
	'GET /open311/v2/requests/[id].[format]': ({ t }) => okUnless403(get(`/open311/v2/requests/${t.id}.json`)),
	'GET /api/me/zone': async ({ t }) => hasId((await getJson('/api/me/zone')).tickets, t),
	// figures of an area (tickets counted by area): the 吉州区 official, their area and another district
	'GET /api/analysis/dashboard': areaFigures('/api/analysis/dashboard'),
	'GET /api/analysis/timeseries': areaFigures('/api/analysis/timeseries'),
	'GET /api/coverage/party': areaFigures('/api/coverage/party'),
	'GET /api/coverage/party/monthly': areaFigures('/api/coverage/party/monthly'),
	'GET /api/export/analysis/coverage-party': areaFigures(
		'/api/export/analysis/coverage-party?format=geojson'
	),
	'GET /api/analysis/stages': areaFigures('/api/analysis/stages?by=company'),
	'GET /api/companies': areaFigures('/api/companies'),
	'GET /api/companies/[id]': (c) => areaFigures(`/api/companies/${inside.companyId}`)(c),
	'GET /api/governance/figures': areaFigures('/api/governance/figures'),
	'GET /api/export/analysis/governance': areaFigures('/api/export/analysis/governance?format=geojson')
};

/** Routes and methods that return no ticket and no count of tickets, and why. */
const PAGE = 'a page: its data comes from the API routes';
const NO_TICKETS: Record<string, string> = {
	'GET /': PAGE,
	'GET /companies': PAGE,
	'GET /companies/[id]': PAGE,
	'GET /dashboard/briefing': PAGE,
	'GET /governance': PAGE,
	'GET /api/tickets/locate': 'finds compounds and buildings by address (no tickets)',
	'GET /api/tickets/place': 'the compound and building at a point (no tickets)',
	'GET /api/tickets/orphans': 'admins only, who read every ticket',
	'GET /api/governance/compounds/[id]':
		"a compound's owners' committee and meetings (no tickets; area-checked)",
	'GET /api/governance/map':
		"compounds per owners' committee class and communities without a meeting, in the user's own area (no tickets)",
	'POST /api/governance/decisions/[id]/ticket': 'files a ticket from a decision; answers that ticket only',
	'GET /login': PAGE,
	'GET /map': PAGE,
	'GET /dashboard': PAGE,
	'GET /tickets': PAGE,
	'GET /planning': PAGE,
	'GET /my-grid': PAGE,
	'GET /patrols': PAGE,
	'GET /analysis': PAGE,
	'GET /edit': PAGE,
	'GET /edit/[entity]/[id]': PAGE,
	'GET /admin': PAGE,
	'GET /admin/api-keys': PAGE,
	'GET /admin/audit': PAGE,
	'GET /admin/calendar': PAGE,
	'GET /admin/import': PAGE,
	'GET /admin/orphans': PAGE,
	'GET /admin/routing': PAGE,
	'GET /api/routing-rules': 'the routing rules per category (no tickets)',
	'PUT /api/routing-rules': 'the routing rules (admins)',
	'GET /api/departments': 'the departments that hold tickets (no tickets, no counts)',
	'POST /api/departments': 'adds a department (admins)',
	'GET /admin/webhooks': PAGE,
	'POST /api/upstream/tickets':
		'files (or answers again) an upstream platform’s ticket; answers that ticket only',
	'GET /api/notifications':
		"the user's own notifications (sent to a ticket's holder, its cell's worker and supervisors)",
	'POST /api/notifications/read': "marks the user's own notifications read",
	'GET /api/admin/webhooks': 'webhooks (admins)',
	'POST /api/admin/webhooks': 'webhooks (admins)',
	'DELETE /api/admin/webhooks/[id]': 'webhooks (admins)',
	'GET /api/admin/outbox': 'the dead-letter list (admins, who read every ticket)',
	'POST /api/admin/outbox/[id]/replay': 'the dead-letter list (admins)',
	'GET /account/password': PAGE,
	'GET /api/health':
		'one city-wide row count per table, no ticket (the declared exception; the hardening issue trims the anonymous answer)',
	'GET /api/session': 'the signed-in user',
	'POST /api/session': 'signs in',
	'DELETE /api/session': 'signs out',
	'GET /api/areas': 'the area tree',
	'GET /api/tiles/[layer].json': 'TileJSON: layer metadata, no features',
	'GET /api/search': 'base entities only (areas, compounds, companies, facilities, party organizations)',
	'POST /api/tickets': 'files a ticket; answers that ticket only',
	'GET /api/ticket-categories': 'categories and their SLA',
	'GET /api/calendar': 'the working-day calendar',
	'PUT /api/calendar': 'the working-day calendar',
	'POST /api/siting': 'facility siting runs',
	'GET /api/siting/[id]': 'facility siting runs',
	'GET /api/siting/context': 'facility reach of households before a siting run, no tickets',
	'GET /api/siting/grid': 'grid candidates of a siting run, no tickets',
	'GET /api/coverage/facilities': 'facility reach of households, no tickets',
	'GET /api/coverage/stewards': 'households per steward, no tickets',
	'GET /api/coverage/patrol': 'patrol check-ins per grid cell, no tickets',
	'GET /api/me/route': "the worker's own zone's buildings (their open-ticket counts are zone tickets)",
	'GET /api/patrols': 'patrols',
	'POST /api/patrols': 'patrols',
	'GET /api/patrols/coverage': 'patrols',
	'GET /api/patrols/[id]': 'patrols',
	'POST /api/patrols/[id]/points': 'patrols',
	'POST /api/patrols/[id]/checkins': 'patrols',
	'POST /api/patrols/[id]/end': 'patrols',
	'GET /api/edit/[entity]': "the city's base data (no tickets layer)",
	'POST /api/edit/[entity]': "the city's base data",
	'GET /api/edit/[entity]/[id]': "the city's base data",
	'PATCH /api/edit/[entity]/[id]': "the city's base data",
	'GET /api/edit/[entity]/[id]/history': "the city's base data",
	'POST /api/edit/grid-cells/split': 'grid cells',
	'POST /api/edit/grid-cells/merge': 'grid cells',
	'GET /api/admin/users': 'accounts (admins)',
	'POST /api/admin/users': 'accounts (admins)',
	'PATCH /api/admin/users/[id]': 'accounts (admins)',
	'POST /api/admin/users/[id]/password': 'accounts (admins)',
	'GET /api/admin/api-keys': 'API keys (admins)',
	'POST /api/admin/api-keys': 'API keys (admins)',
	'DELETE /api/admin/api-keys/[id]': 'API keys (admins)',
	'GET /api/admin/audit': 'the audit log (admins)',
	'POST /api/me/password': 'own password',
	'GET /open311/v2/discovery.[format]': 'Open311 discovery',
	'GET /open311/v2/services.[format]': 'Open311 service list',
	'GET /open311/v2/services/[service_code].[format]': 'Open311 service definition',
	'POST /open311/v2/requests.[format]': 'files a request; answers its id',
	'GET /ogc': 'OGC landing page',
	'GET /ogc/conformance': 'OGC conformance',
	'GET /ogc/api': 'OpenAPI document',
	'GET /ogc/collections': 'collection metadata (no features)',
	'GET /ogc/collections/[collectionId]': 'collection metadata (no features)',
	'GET /api/export/analysis/coverage-facilities': 'facility reach of households, no tickets',
	'GET /api/export/analysis/coverage-stewards': 'households per steward, no tickets',
	'GET /api/export/analysis/coverage-patrol': 'patrol check-ins per grid cell, no tickets',
	'GET /api/export/analysis/siting/[id]': 'facility siting results',
	'POST /api/import/[layer]': 'imports (admins)'
};

async function file(lon: number, lat: number, category: string): Promise<number> {
	const res = await get('/api/tickets', admin, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: baseUrl() },
		body: JSON.stringify({ category, description: '范围检查的工单', lon, lat })
	});
	expect(res.status).toBe(201);
	return Number((await res.json()).ticket.id);
}

/** Two dispute tickets at a point of a building (a hotspot of two), the first one returned. */
async function fixture(where: string, params: unknown[]): Promise<Fixture> {
	const { rows } = await sql.query(
		`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM buildings b
		 JOIN grid_cells g ON g.geom && b.geom AND ST_Intersects(g.geom, ST_PointOnSurface(b.geom)) AND g.retired_at IS NULL,
		 ST_PointOnSurface(b.geom) p WHERE b.retired_at IS NULL AND ${where} ORDER BY b.id LIMIT 1`,
		params
	);
	expect(rows).toHaveLength(1);
	const id = await file(rows[0].lon, rows[0].lat, 'dispute');
	await file(rows[0].lon, rows[0].lat, 'dispute');
	const t = await sql.query(
		`SELECT id, code, ST_X(geom) AS lon, ST_Y(geom) AS lat, building_id AS "buildingId",
		   community_id AS "communityId", district_id AS "districtId" FROM tickets WHERE id = $1`,
		[id]
	);
	expect(t.rows[0].buildingId).not.toBeNull();
	return { ...t.rows[0], id: Number(t.rows[0].id) };
}

beforeAll(async () => {
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
	[worker, jizhou, admin] = await Promise.all(['gridworker', 'jizhou', 'admin'].map((u) => sessionCookie(u)));
	const users = (
		await sql.query(
			`SELECT username, person_id, area_id FROM users WHERE username IN ('gridworker', 'jizhou')`
		)
	).rows;
	const gw = users.find((u) => u.username === 'gridworker').person_id;
	const jz = users.find((u) => u.username === 'jizhou').area_id;
	const since = Number((await sql.query('SELECT coalesce(max(seq), 0) AS s FROM ticket_events')).rows[0].s);
	inside.t = await fixture('g.worker_id = $1', [gw]);
	outside.t = await fixture(
		`g.worker_id IS DISTINCT FROM $1 AND g.district_id NOT IN (SELECT id FROM areas WHERE path @> ARRAY[$2::int])`,
		[gw, jz]
	);
	inside.since = outside.since = since;
	inside.area = jz;
	inside.companyId = (
		await sql.query(
			`SELECT c.company_id FROM tickets t JOIN compounds c ON c.id = t.compound_id WHERE t.id = $1`,
			[inside.t.id]
		)
	).rows[0]?.company_id;
	expect(inside.companyId).toBeTruthy();
	outside.area = outside.t.districtId;
});

afterAll(() => sql?.end());

describe('ticket scope over every route', () => {
	const declared = Object.entries(POLICIES).flatMap(([route, methods]) =>
		Object.keys(methods).map((m) => `${m} ${route}`)
	);

	it('classifies every route of the access table: probed for tickets, or why it returns none', () => {
		expect(declared.filter((k) => !(k in PROBES) && !(k in NO_TICKETS))).toEqual([]);
		expect([...Object.keys(PROBES), ...Object.keys(NO_TICKETS)].filter((k) => !declared.includes(k))).toEqual(
			[]
		);
	});

	it.each(Object.keys(PROBES))('%s shows the ticket in scope and not the one outside', async (key) => {
		expect(await PROBES[key](inside), `${key}: in scope`).toBe(true);
		expect(await PROBES[key](outside), `${key}: outside the scope`).toBe(false);
	});
});
