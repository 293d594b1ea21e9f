// Every CSV the app serves, over HTTP, read back by a strict parser (Python's csv module): UTF-8 with
// a byte-order mark, `text/csv`, times in Beijing time, and no text cell that a spreadsheet would run
// as a formula (a ticket description and a facility name that begin with `=` are planted first).
// The list of endpoints is checked against the routes under src/routes/api/export, so a new export
// route that is not in it fails here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie, e2eDatabaseUrl } from '../setup/browser';
import { LAYER_IDS } from '../../src/lib/map/layer-ids';

const KEY = { 'x-api-key': 'redgrid-demo-key' };
const TRIGGER = /^[=+\-@\t\r]/;
const FORMULA = '=HYPERLINK("http://evil.example","点我")';
let sql: pg.Client;
let ticketCode: string;
let facilityCode: string;

beforeAll(async () => {
	sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
	await sql.connect();
	ticketCode = (
		await sql.query(
			`UPDATE tickets SET description = $1 WHERE id = (SELECT max(id) FROM tickets WHERE community_id IS NOT NULL) RETURNING code`,
			[`${FORMULA} 楼道漏水`]
		)
	).rows[0].code;
	facilityCode = (
		await sql.query(
			`UPDATE facilities SET name = $1 WHERE id = (SELECT min(id) FROM facilities WHERE retired_at IS NULL) RETURNING code`,
			['-1+1 书屋']
		)
	).rows[0].code;
});
afterAll(() => sql?.end());

/** A CSV answer parsed strictly: its header and rows (Python's csv raises on a malformed file). */
async function csvOf(url: string) {
	const res = await fetch(`${baseUrl()}${url}`, { headers: KEY });
	expect(res.status, url).toBe(200);
	expect(res.headers.get('content-type'), url).toMatch(/^text\/csv; charset=utf-8/);
	const bytes = Buffer.from(await res.arrayBuffer());
	expect([...bytes.subarray(0, 3)], `${url}: byte-order mark`).toEqual([0xef, 0xbb, 0xbf]);
	// parsed asynchronously: a synchronous child process would block the event loop, and the HTTP
	// client would then reuse a keep-alive connection that the server closed meanwhile
	const child = promisify(execFile)(
		'python3',
		[
			'-c',
			'import csv,json,sys,io\nprint(json.dumps(list(csv.reader(io.StringIO(sys.stdin.buffer.read().decode("utf-8-sig"), newline=""), strict=True))))'
		],
		{ encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }
	);
	child.child.stdin!.end(bytes);
	const rows: string[][] = JSON.parse((await child).stdout);
	return { header: rows[0], rows: rows.slice(1) };
}

/** The rules every CSV keeps: no live formula, times with the Beijing offset. */
function checkCells(url: string, header: string[], rows: string[][]) {
	expect(rows.length, url).toBeGreaterThan(0);
	for (const row of rows)
		for (const [i, cell] of row.entries()) {
			// a number may start with - ; text may not start with a formula character
			if (TRIGGER.test(cell))
				expect(Number.isFinite(Number(cell)), `${url} ${header[i]}: ${cell.slice(0, 40)}`).toBe(true);
			// a date-time is Beijing time with its offset, never UTC "Z"
			if (/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(cell)) expect(cell, `${url} ${header[i]}`).toMatch(/\+08:00$/);
		}
}

const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
const LAYERS = LAYER_IDS;
const ANALYSES: Record<string, string> = {
	density: `from=${day(-700)}&to=${day(1)}&size=2000`,
	hotspots: `from=${day(-700)}&to=${day(1)}`,
	'coverage-party': '',
	'coverage-facilities': 'type=library',
	'coverage-stewards': '',
	'coverage-patrol': 'days=366',
	governance: ''
};

describe('every CSV endpoint', () => {
	it('covers every export route', () => {
		const dir = 'src/routes/api/export/analysis';
		const routes = readdirSync(dir).filter((d) => d !== 'siting');
		expect(routes.sort()).toEqual(Object.keys(ANALYSES).sort());
		expect(readdirSync(path.dirname(dir)).sort()).toEqual(['analysis', 'layers']);
	});

	for (const layer of LAYERS)
		it(`layer ${layer}`, async () => {
			const url = `/api/export/layers/${layer}?format=csv`;
			const { header, rows } = await csvOf(url);
			checkCells(url, header, rows);
			if (layer === 'tickets') {
				const row = rows.find((r) => r[header.indexOf('code')] === ticketCode)!;
				expect(row[header.indexOf('description')]).toBe(`'${FORMULA} 楼道漏水`);
				expect(row[header.indexOf('created_at')]).toMatch(/\+08:00$/);
			}
			if (layer === 'facilities') {
				const row = rows.find((r) => r[header.indexOf('code')] === facilityCode)!;
				expect(row[header.indexOf('name')]).toBe("'-1+1 书屋");
				// numbers stay numbers: a negative-free X / Y, and numeric columns unprefixed
				expect(Number(row[header.indexOf('X')])).toBeGreaterThan(100);
			}
		});

	for (const [kind, q] of Object.entries(ANALYSES))
		it(`analysis ${kind}`, async () => {
			const url = `/api/export/analysis/${kind}?format=csv${q ? `&${q}` : ''}`;
			const { header, rows } = await csvOf(url);
			checkCells(url, header, rows);
		});

	it('a siting run (/api/siting/{id}.csv and the export route)', async () => {
		const area = (await sql.query(`SELECT id FROM areas WHERE level = 'community' ORDER BY code LIMIT 1`))
			.rows[0].id;
		const res = await fetch(`${baseUrl()}/api/siting`, {
			method: 'POST',
			headers: { ...KEY, 'content-type': 'application/json' },
			body: JSON.stringify({ type: 'library', k: 1, areaId: area, candidates: { kind: 'grid' } })
		});
		expect(res.status).toBe(202);
		const { id } = await res.json();
		for (let i = 0; i < 120; i++) {
			const run = await (await fetch(`${baseUrl()}/api/siting/${id}`, { headers: KEY })).json();
			if (run.status === 'done') break;
			expect(run.status).not.toBe('failed');
			await new Promise((r) => setTimeout(r, 500));
		}
		for (const url of [`/api/siting/${id}.csv`, `/api/export/analysis/siting/${id}?format=csv`]) {
			const { header, rows } = await csvOf(url);
			checkCells(url, header, rows);
		}
	});

	it('the audit log', async () => {
		// a sign-in is audited (a trigger on sessions), so the log is not empty
		await sessionCookie('admin');
		const url = `/api/admin/audit?format=csv&limit=200`;
		const { header, rows } = await csvOf(url);
		expect(header).toEqual([
			'id',
			'at',
			'actor',
			'action',
			'entity',
			'entity_id',
			'changed',
			'before',
			'after',
			'note'
		]);
		checkCells(url, header, rows);
		for (const r of rows) expect(r[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
	});
});
