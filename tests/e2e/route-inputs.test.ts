// Driven by the route table: every route that takes a body exports its schema (`_schema`, one per
// method; null for a method that takes no body), and for every field of it, a NUL, another C0
// control, a 10,000-character string, an impossible date and a wrong type each get a 4xx naming
// the field, and nothing is written to any table. Where a valid body is known (EXAMPLES), the bad
// value replaces one field of it, so the refusal can only come from that field.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { accessFor } from '../../src/lib/server/auth/policy';
import { baseUrl, sessionCookie, e2eDatabaseUrl } from '../setup/browser';

type SchemaOf = z.ZodType | null | ((params: Record<string, string>) => z.ZodType);
interface RouteModule {
	_schema?: Record<string, SchemaOf>;
	_encoding?: Record<string, 'json' | 'form' | 'multipart'>;
	[method: string]: unknown;
}

const modules = import.meta.glob<RouteModule>('/src/routes/**/+server.ts');
const BODY_METHODS = ['POST', 'PUT', 'PATCH'] as const;

/** The SvelteKit route id of a +server.ts file. */
const routeIdOf = (file: string) => file.replace(/^\/src\/routes/, '').replace(/\/\+server\.ts$/, '') || '/';

/** Path parameters that reach the body check (ids of existing rows, a real layer and format). */
const PARAMS: Record<string, string> = {
	id: '1',
	entity: 'compounds',
	layer: 'compounds',
	format: 'json',
	service_code: 'elevator'
};
const pathOf = (routeId: string) => routeId.replace(/\[(\w+)\]/g, (_, p: string) => PARAMS[p] ?? '1');

let sql: pg.Client;
let cookies: Record<string, string> = {};
let ticketPoint: [number, number];

/** Valid bodies, by "METHOD routeId", that write when sent as they are (the tests never do). */
const EXAMPLES: Record<string, () => Record<string, unknown>> = {
	'POST /api/tickets': () => ({
		category: 'elevator',
		description: '电梯困人',
		lon: ticketPoint[0],
		lat: ticketPoint[1],
		reporterName: '王先生'
	}),
	'PUT /api/calendar': () => ({ day: '2031-01-02', isWorking: false, note: '测试' }),
	'POST /api/admin/api-keys': () => ({ userId: 1, label: 'route-inputs' }),
	'POST /api/admin/users': () => ({
		username: 'route_inputs',
		displayName: '测试',
		password: 'route-inputs-password',
		role: 'planner'
	}),
	'POST /open311/v2/requests.[format]': () => ({
		service_code: 'elevator',
		lat: String(ticketPoint[1]),
		long: String(ticketPoint[0]),
		description: '电梯困人',
		first_name: '王'
	})
};

/** Who sends: a role the route admits (its policy), so that the body is what gets checked. */
function senderOf(routeId: string, method: string): Record<string, string> {
	if (routeId.startsWith('/open311/')) return { 'x-api-key': 'redgrid-demo-key' };
	const access = accessFor(routeId, method);
	if (access === 'public' || access === 'signed_in' || access?.includes('admin'))
		return { cookie: cookies.admin };
	return { cookie: cookies.gridworker };
}

/** The leaf kind of a field's schema (through optional, default, nullable, preprocess...). */
function kindOf(schema: z.ZodType): string {
	let s = schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } };
	for (let i = 0; i < 10; i++) {
		const def = s._zod.def;
		if (
			['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)
		)
			s = def.innerType as typeof s;
		else if (def.type === 'pipe') {
			const inner = (def.in as typeof s)._zod.def.type === 'transform' ? def.out : def.in;
			s = inner as typeof s;
		} else return def.type;
	}
	return 'unknown';
}

function fieldsOf(schema: z.ZodType): Record<string, string> {
	const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType> } } })
		._zod.def;
	if (def.type !== 'object' || !def.shape) return {};
	return Object.fromEntries(Object.entries(def.shape).map(([k, v]) => [k, kindOf(v)]));
}

/** Fields that hold a date or time (an impossible date is plain text to any other text field). */
const DATE_FIELD = /(day|date|On|At|^from|^to|^at|^since|^until)$/;

/** The bad values sent to a field: [case, value]. */
function badValues(field: string, kind: string): [string, unknown][] {
	return [
		['NUL', 'a\u0000b'],
		['C0 control', 'a\u0007b'],
		['10,000 characters', 'x'.repeat(10_000)],
		...(kind !== 'string' || DATE_FIELD.test(field)
			? [['impossible date', '2026-02-30'] as [string, unknown]]
			: []),
		['wrong type', kind === 'string' ? 12345 : kind === 'number' || kind === 'int' ? 'abc' : { not: 'this' }]
	];
}

/** Row counts of every table of the app's schema. */
async function tableCounts(): Promise<Record<string, number>> {
	const { rows } = await sql.query<{ t: string }>(
		`SELECT quote_ident(table_name) AS t FROM information_schema.tables
		 WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`
	);
	const out: Record<string, number> = {};
	for (const { t } of rows) out[t] = Number((await sql.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
	return out;
}

function encode(
	body: Record<string, unknown>,
	encoding: string
): { body: BodyInit; headers: Record<string, string> } {
	if (encoding === 'json')
		return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
	if (encoding === 'form') {
		const f = new URLSearchParams();
		for (const [k, v] of Object.entries(body)) f.set(k, typeof v === 'string' ? v : JSON.stringify(v));
		return { body: f, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
	}
	const f = new FormData();
	for (const [k, v] of Object.entries(body)) f.set(k, typeof v === 'string' ? v : JSON.stringify(v));
	f.set('file', new Blob(['name,lon,lat\nA,114.9,27.1\n'], { type: 'text/csv' }), 'a.csv');
	return { body: f, headers: {} };
}

let before: Record<string, number>;

beforeAll(async () => {
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
	cookies = { admin: await sessionCookie('admin'), gridworker: await sessionCookie('gridworker') };
	const { rows } = await sql.query(
		// a point inside the city where tickets are filed (any ticket's: earlier files move 'new' ones on)
		`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM tickets ORDER BY id LIMIT 1`
	);
	ticketPoint = [rows[0].lon, rows[0].lat];
	before = await tableCounts();
});

afterAll(async () => {
	await sql?.end();
});

describe('every route that takes a body', () => {
	it('exports its schema for each method that takes one', async () => {
		const missing: string[] = [];
		for (const [file, load] of Object.entries(modules)) {
			const mod = await load();
			for (const m of BODY_METHODS)
				if (typeof mod[m] === 'function' && (!mod._schema || !(m in mod._schema)))
					missing.push(`${m} ${routeIdOf(file)}`);
		}
		expect(missing).toEqual([]);
	});

	it('refuses NUL, a control character, 10,000 characters, an impossible date and a wrong type in every field, writing nothing', async () => {
		const accepted: string[] = [];
		const unnamed: string[] = [];
		let sent = 0;
		for (const [file, load] of Object.entries(modules)) {
			const mod = await load();
			const routeId = routeIdOf(file);
			for (const method of BODY_METHODS) {
				const entry = mod._schema?.[method];
				if (typeof mod[method] !== 'function' || !entry) continue;
				const schema = typeof entry === 'function' ? entry(PARAMS) : entry;
				const encoding = mod._encoding?.[method] ?? 'json';
				const example = EXAMPLES[`${method} ${routeId}`]?.() ?? {};
				const spec = routeId.startsWith('/open311/');
				for (const [field, kind] of Object.entries(fieldsOf(schema))) {
					for (const [name, value] of badValues(field, kind)) {
						if (encoding !== 'json' && name === 'wrong type') continue; // a form field is always text
						const { body, headers } = encode({ ...example, [field]: value }, encoding);
						const res = await fetch(`${baseUrl()}${pathOf(routeId)}`, {
							method,
							headers: { ...headers, ...senderOf(routeId, method) },
							body
						});
						sent++;
						const what = `${method} ${routeId} ${field} (${name}): ${res.status}`;
						const answer = await res.text();
						if (res.status < 400 || res.status >= 500) {
							accepted.push(`${what} ${answer.slice(0, 120)}`);
							continue;
						}
						// the refusal names the field: always for control characters (checked before any
						// schema), and for every case where the rest of the body is valid
						if (!spec && (name === 'NUL' || name === 'C0 control' || field in example)) {
							const e = JSON.parse(answer);
							if (e.field !== field && !String(e.field).startsWith(`${field}.`))
								unnamed.push(`${what} named ${e.field} (${e.code})`);
							else expect(typeof e.code).toBe('string');
						}
					}
				}
			}
		}
		expect(sent).toBeGreaterThan(200);
		expect(accepted).toEqual([]);
		expect(unnamed).toEqual([]);
		expect(await tableCounts()).toEqual(before);
	});
});
