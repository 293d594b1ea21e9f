// Open311 GeoReport v2 over HTTP against the running app: discovery and services (JSON and XML),
// filing a request as any Open311 client would (form-encoded, api_key in the body, no Origin
// header), following it, the filters and paging of GET requests, and refusals in the spec's error
// format that change nothing.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, sessionCookie } from '../setup/browser';

const KEY = 'redgrid-demo-key';
const V2 = () => `${baseUrl()}/open311/v2`;
const xml = new XMLParser({
	isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name),
	parseTagValue: false
});

/** A form-encoded POST requests, exactly as an Open311 client sends it: no Origin, no cookie. */
const post = (fields: Record<string, string>, format = 'json', headers: Record<string, string> = {}) =>
	fetch(`${V2()}/requests.${format}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields)
	});

const ticketCount = async (): Promise<number> =>
	Number(
		(
			await (
				await fetch(`${baseUrl()}/api/health`, { headers: { cookie: await sessionCookie('admin') } })
			).json()
		).counts.tickets
	);

/** An error answer in the spec's format: JSON [{code, description}] or XML errors → error. */
async function specError(res: Response, format: 'json' | 'xml' = 'json') {
	if (format === 'json') {
		expect(res.headers.get('content-type')).toContain('application/json');
		const body = await res.json();
		expect(body).toHaveLength(1);
		expect(Object.keys(body[0]).sort()).toEqual(['code', 'description']);
		expect(body[0].code).toBe(res.status);
		return body[0].description as string;
	}
	expect(res.headers.get('content-type')).toContain('text/xml');
	const errors = xml.parse(await res.text()).errors.error;
	expect(errors).toHaveLength(1);
	expect(errors[0].code).toBe(String(res.status));
	return errors[0].description as string;
}

let point: { lat: number; long: number };

beforeAll(async () => {
	// a point of the demo city that routes to a grid cell: where a demo ticket was filed
	const res = await fetch(`${baseUrl()}/api/tickets?limit=200`, { headers: { 'x-api-key': KEY } });
	expect(res.status).toBe(200);
	const tickets: { lon: number; lat: number; gridCellId: number | null }[] = await res.json();
	const t = tickets.find((x) => x.gridCellId != null)!;
	expect(t).toBeDefined();
	point = { lat: t.lat, long: t.lon };
});

describe('Open311 discovery and services', () => {
	it('answers discovery in JSON and XML with the same endpoint', async () => {
		const j = await fetch(`${V2()}/discovery.json`);
		expect(j.status).toBe(200);
		const d = await j.json();
		expect(d.endpoints).toEqual([
			expect.objectContaining({
				specification: 'http://wiki.open311.org/GeoReport_v2',
				url: `${baseUrl()}/open311/v2`,
				type: 'production',
				formats: ['text/xml', 'application/json']
			})
		]);
		const x = await fetch(`${V2()}/discovery.xml`);
		expect(x.headers.get('content-type')).toContain('text/xml');
		const doc = await x.text();
		expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
		const e = xml.parse(doc).discovery.endpoints.endpoint[0];
		expect(e.url).toBe(d.endpoints[0].url);
		expect(e.formats.format).toEqual(['text/xml', 'application/json']);
		expect(xml.parse(doc).discovery.changeset).toBe(d.changeset);
	});

	it('lists one service per ticket category, the same in JSON and XML', async () => {
		const services = await (await fetch(`${V2()}/services.json`)).json();
		expect(services).toHaveLength(12);
		expect(services.find((s: { service_code: string }) => s.service_code === 'water')).toEqual(
			expect.objectContaining({
				service_name: '供水 / 管道漏水',
				metadata: false,
				type: 'realtime',
				group: '紧急类 (urgent)'
			})
		);
		const x = await fetch(`${V2()}/services.xml`);
		expect(x.status).toBe(200);
		const parsed = xml.parse(await x.text()).services.service;
		expect(parsed).toEqual(
			services.map((s: Record<string, unknown>) =>
				Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)]))
			)
		);
	});

	it('answers a service definition, and 404 in the spec format for an unknown service or format', async () => {
		expect(await (await fetch(`${V2()}/services/noise.json`)).json()).toEqual({
			service_code: 'noise',
			attributes: []
		});
		const x = xml.parse(await (await fetch(`${V2()}/services/noise.xml`)).text());
		expect(x.service_definition).toEqual({ service_code: 'noise', attributes: '' });
		const missing = await fetch(`${V2()}/services/potholes.xml`);
		expect(missing.status).toBe(404);
		expect(await specError(missing, 'xml')).toMatch(/^service_code: no service "potholes"/);
		const yaml = await fetch(`${V2()}/services.yaml`);
		expect(yaml.status).toBe(404);
		expect(await specError(yaml)).toMatch(/^format: /);
	});
});

describe('Open311 service requests', () => {
	let first: string;
	let second: string;
	let window: { start: string; end: string };

	it('files a form-encoded request with api_key and no Origin header: 201 and a receipt', async () => {
		const before = await ticketCount();
		const start = new Date(Date.now() - 2000).toISOString();
		const res = await post({
			api_key: KEY,
			service_code: 'greenery',
			lat: String(point.lat),
			long: String(point.long),
			description: 'Open311 e2e: 绿化带树枝折断 <b>不是标签</b>',
			first_name: '三',
			last_name: '张',
			phone: '13812345678',
			email: 'zhang@example.com'
		});
		expect(res.status).toBe(201);
		const body = await res.json();
		expect(body).toHaveLength(1);
		expect(Object.keys(body[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
		expect(body[0].service_request_id).toMatch(/^\d+$/);
		expect(body[0].service_notice).toMatch(/received/);
		first = body[0].service_request_id;
		expect(await ticketCount()).toBe(before + 1);

		// filed through the ticket service: source open311, routed, with an SLA
		const t = await (
			await fetch(`${baseUrl()}/api/tickets/${first}`, { headers: { 'x-api-key': KEY } })
		).json();
		expect(t).toEqual(
			expect.objectContaining({ category: 'greenery', source: 'open311', reporterName: '张三' })
		);
		expect(t.gridCellId).not.toBeNull();

		// the same report again, in XML, from a foreign Origin (api_key auth): a likely duplicate
		const again = await post(
			{
				api_key: KEY,
				service_code: 'greenery',
				lat: String(point.lat),
				long: String(point.long),
				description: 'Open311 e2e: 同一处树枝'
			},
			'xml',
			{ origin: 'http://client.example' }
		);
		expect(again.status).toBe(201);
		const receipt = xml.parse(await again.text()).service_requests.request[0];
		second = receipt.service_request_id;
		expect(Number(second)).toBeGreaterThan(Number(first));
		expect(receipt.service_notice).toContain(`likely duplicate of service request ${t.duplicateOf ?? first}`);
		expect(receipt.account_id).toBe('');
		window = { start, end: new Date(Date.now() + 2000).toISOString() };
	});

	it('follows a request in JSON and XML: open, its service and point, no personal data', async () => {
		const res = await fetch(`${V2()}/requests/${first}.json?api_key=${KEY}`);
		expect(res.status).toBe(200);
		const text = await res.text();
		expect(text).not.toMatch(/张三|13812345678|zhang@example/);
		const [r] = JSON.parse(text);
		expect(r).toEqual(
			expect.objectContaining({
				service_request_id: first,
				status: 'open',
				service_code: 'greenery',
				service_name: '绿化养护',
				description: 'Open311 e2e: 绿化带树枝折断 <b>不是标签</b>',
				lat: point.lat,
				long: point.long
			})
		);
		expect(r.status_notes).toMatch(/^(已派单 \(assigned\)|待派单 \(new\))/);
		expect(r.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
		expect(Date.parse(r.expected_datetime)).toBeGreaterThan(Date.parse(r.requested_datetime));
		// a key holder gets media_url; this request has no photo
		expect(r.media_url).toBeNull();

		const x = await fetch(`${V2()}/requests/${first}.xml?api_key=${KEY}`);
		expect(x.headers.get('content-type')).toContain('text/xml');
		const doc = await x.text();
		expect(doc).toContain('&lt;b&gt;');
		const [xr] = xml.parse(doc).service_requests.request;
		expect(xr.service_request_id).toBe(first);
		expect(xr.status).toBe('open');
		expect(xr.service_code).toBe('greenery');
		expect(xr.description).toBe(r.description);
		expect(Number(xr.lat)).toBe(point.lat);
		expect(Number(xr.long)).toBe(point.long);
		expect(xr.expected_datetime).toBe(r.expected_datetime);
	});

	it('lists requests by service_code and date window, newest first, paged', async () => {
		const q = `api_key=${KEY}&service_code=greenery&start_date=${encodeURIComponent(window.start)}&end_date=${encodeURIComponent(window.end)}`;
		const all = await (await fetch(`${V2()}/requests.json?${q}`)).json();
		expect(all.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([second, first]);
		const page1 = await (await fetch(`${V2()}/requests.json?${q}&page_size=1`)).json();
		const page2 = await (await fetch(`${V2()}/requests.xml?${q}&page_size=1&page=2`)).text();
		expect(page1.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([second]);
		expect(
			xml
				.parse(page2)
				.service_requests.request.map((r: { service_request_id: string }) => r.service_request_id)
		).toEqual([first]);
		const page3 = await (await fetch(`${V2()}/requests.json?${q}&page_size=1&page=3`)).json();
		expect(page3).toEqual([]);

		// another service in the same window: none of ours
		const other = await (await fetch(`${V2()}/requests.json?${q.replace('greenery', 'water')}`)).json();
		expect(other.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(first);
		// closed ones only: not ours (they are open)
		const closed = await (await fetch(`${V2()}/requests.json?${q}&status=closed`)).json();
		expect(closed).toEqual([]);
		// by id list
		const byId = await (
			await fetch(`${V2()}/requests.json?api_key=${KEY}&service_request_id=${first},${second}`)
		).json();
		expect(byId.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual(
			[first, second].sort()
		);
	});

	it('refuses bad query parameters with 400 naming them, and unknown requests with 404', async () => {
		const big = await fetch(`${V2()}/requests.json?api_key=${KEY}&page_size=501`);
		expect(big.status).toBe(400);
		expect(await specError(big)).toMatch(/^page_size: /);
		const date = await fetch(`${V2()}/requests.xml?api_key=${KEY}&start_date=yesterday`);
		expect(date.status).toBe(400);
		expect(await specError(date, 'xml')).toMatch(/^start_date: /);
		const missing = await fetch(`${V2()}/requests/2000000000.json?api_key=${KEY}`);
		expect(missing.status).toBe(404);
		expect(await specError(missing)).toMatch(/^service_request_id: /);
	});
});

describe('Open311 refusals change nothing', () => {
	const good = () => ({
		api_key: KEY,
		service_code: 'noise',
		lat: String(point.lat),
		long: String(point.long),
		description: 'Open311 e2e: refused'
	});

	it('refuses bad fields with 400 naming the field', async () => {
		const before = await ticketCount();
		const cases: [Record<string, string>, RegExp][] = [
			[{ ...good(), lat: '95' }, /^lat: /],
			[{ ...good(), long: 'east' }, /^long: /],
			[{ ...good(), service_code: 'potholes' }, /^service_code: /],
			[{ ...good(), description: '长'.repeat(4001) }, /^description: at most 4,000/],
			[{ ...good(), phone: 'call me' }, /^phone: /]
		];
		for (const [fields, expected] of cases) {
			const res = await post(fields);
			expect(res.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
			expect(await specError(res)).toMatch(expected);
		}
		const { lat: _lat, long: _long, ...noPoint } = good();
		const address = await post({ ...noPoint, address_string: '吉州区井冈山大道 1 号' }, 'xml');
		expect(address.status).toBe(400);
		// no compound of the city is called 井冈山大道: the address lookup finds nothing
		expect(await specError(address, 'xml')).toMatch(/^address_string: no compound of the city matches/);
		expect(await ticketCount()).toBe(before);
	});

	it('refuses a point outside the city with 400 and a message', async () => {
		const before = await ticketCount();
		const res = await post({ ...good(), lat: '39.9042', long: '116.4074' });
		expect(res.status).toBe(400);
		expect(await specError(res)).toMatch(/^lat\/long: .*outside the city/);
		expect(await ticketCount()).toBe(before);
	});

	it('refuses a missing or invalid api_key in the spec format', async () => {
		const before = await ticketCount();
		const { api_key: _key, ...noKey } = good();
		const missing = await post(noKey, 'xml');
		expect(missing.status).toBe(401);
		expect(await specError(missing, 'xml')).toMatch(/api_key/);
		const invalid = await post({ ...good(), api_key: 'not-a-key' });
		expect([401, 403]).toContain(invalid.status);
		expect(await specError(invalid)).toMatch(/api_key/);
		const read = await fetch(`${V2()}/requests.json?api_key=not-a-key`);
		expect(read.status).toBe(401);
		expect(await specError(read)).toMatch(/api_key/);
		expect(await ticketCount()).toBe(before);
	});
});

/** XML as a strict client reads it: well-formed (fast-xml-parser's validator), else the test fails. */
function strictXml(doc: string) {
	const valid = XMLValidator.validate(doc);
	expect(valid, JSON.stringify(valid)).toBe(true);
	expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
	return xml.parse(doc);
}

// A 1×1 PNG (a real image: the photo check reads its content)
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64'
);

describe('an Open311 client written from the spec (no key for reading)', () => {
	let id: string;
	let photoId: string;

	it('files by form POST, then reads the request back without a key: reduced, in JSON and strict XML', async () => {
		const res = await post({
			api_key: KEY,
			service_code: 'noise',
			lat: String(point.lat),
			long: String(point.long),
			description: 'Open311 client: 夜间施工噪音 & <喧哗>',
			first_name: '四',
			last_name: '李',
			phone: '13900001111'
		});
		expect(res.status).toBe(201);
		id = (await res.json())[0].service_request_id;

		const one = await fetch(`${V2()}/requests/${id}.json`);
		expect(one.status).toBe(200);
		const text = await one.text();
		// never the description, reporter, photo or the exact point
		expect(text).not.toMatch(/夜间施工|李四|13900001111/);
		const [r] = JSON.parse(text);
		expect(Object.keys(r).sort()).toEqual(
			[
				'service_request_id',
				'status',
				'status_notes',
				'service_name',
				'service_code',
				'requested_datetime',
				'updated_datetime',
				'expected_datetime',
				'lat',
				'long'
			].sort()
		);
		expect(r).toEqual(
			expect.objectContaining({ service_request_id: id, status: 'open', service_code: 'noise' })
		);
		// the community's point, not the ticket's: inside the city, and not where it was reported
		expect([r.lat, r.long]).not.toEqual([point.lat, point.long]);
		expect(Math.abs(r.lat - point.lat)).toBeLessThan(0.1);
		expect(Math.abs(r.long - point.long)).toBeLessThan(0.1);

		const x = strictXml(await (await fetch(`${V2()}/requests/${id}.xml`)).text());
		const [xr] = x.service_requests.request;
		expect(xr.service_request_id).toBe(id);
		expect(xr).not.toHaveProperty('description');
		expect(Number(xr.lat)).toBe(r.lat);

		// a key holder sees the description, the exact point and the address
		const [full] = await (
			await fetch(`${V2()}/requests/${id}.json`, { headers: { 'x-api-key': KEY } })
		).json();
		expect(full.description).toBe('Open311 client: 夜间施工噪音 & <喧哗>');
		expect([full.lat, full.long]).toEqual([point.lat, point.long]);
	});

	it('lists without a key, paged: the headers say how many there are and link the next page', async () => {
		const res = await fetch(`${V2()}/requests.json?service_code=noise&page_size=2`);
		expect(res.status).toBe(200);
		const list = await res.json();
		const total = Number(res.headers.get('x-total-count'));
		expect(total).toBeGreaterThan(2);
		expect(list).toHaveLength(2);
		expect(list.every((r: Record<string, unknown>) => !('description' in r))).toBe(true);
		const link = res.headers.get('link')!;
		const next = /<([^>]+)>; rel="next"/.exec(link)![1];
		expect(new URL(next).searchParams.get('service_code')).toBe('noise');
		expect(new URL(next).searchParams.get('page')).toBe('2');
		const page2 = await (await fetch(next)).json();
		expect(page2).toHaveLength(2);
		expect(page2[0].service_request_id).not.toBe(list[0].service_request_id);
		// the last page has no next link
		const last = /<([^>]+)>; rel="last"/.exec(link)![1];
		const lastRes = await fetch(last);
		expect(lastRes.headers.get('link')).not.toContain('rel="next"');
		expect((await lastRes.json()).length).toBe(total - 2 * (Math.ceil(total / 2) - 1));
		// in XML too, through the strict parser
		const xres = await fetch(`${V2()}/requests.xml?service_code=noise&page_size=2`);
		expect(xres.headers.get('x-total-count')).toBe(String(total));
		expect(strictXml(await xres.text()).service_requests.request).toHaveLength(2);
	});

	it('gives key holders media_url for a ticket with a photo, and the photo behind it', async () => {
		const form = new FormData();
		form.set('category', 'noise');
		form.set('description', 'Open311 client: 带照片的工单');
		form.set('lon', String(point.long));
		form.set('lat', String(point.lat));
		form.set('photo', new Blob([PNG], { type: 'image/png' }), 'p.png');
		const res = await fetch(`${baseUrl()}/api/tickets`, {
			method: 'POST',
			headers: { 'x-api-key': KEY },
			body: form
		});
		expect(res.status).toBe(201);
		photoId = String((await res.json()).ticket.id);
		const [r] = await (await fetch(`${V2()}/requests/${photoId}.json?api_key=${KEY}`)).json();
		expect(r.media_url).toBe(`${baseUrl()}/api/tickets/${photoId}/photo`);
		const photo = await fetch(r.media_url, { headers: { 'x-api-key': KEY } });
		expect(photo.status).toBe(200);
		expect(Buffer.from(await photo.arrayBuffer()).subarray(0, 8)).toEqual(PNG.subarray(0, 8));
		// keyless readers never get it
		const [pub] = await (await fetch(`${V2()}/requests/${photoId}.json`)).json();
		expect(pub).not.toHaveProperty('media_url');
	});

	it('answers unknown paths, formats and methods under /open311 in the spec error format', async () => {
		const token = await fetch(`${V2()}/tokens/abc.xml`);
		expect(token.status).toBe(404);
		expect(await specError(token, 'xml')).toMatch(/^path: /);
		const other = await fetch(`${baseUrl()}/open311/v3/whatever.json`);
		expect(other.status).toBe(404);
		expect(await specError(other)).toMatch(/^path: /);
		const method = await fetch(`${V2()}/requests/${id}.json`, { method: 'DELETE' });
		expect(method.status).toBe(405);
		expect(await specError(method)).toMatch(/^method: /);
		const missing = await fetch(`${V2()}/requests/2000000000.xml`);
		expect(missing.status).toBe(404);
		expect(await specError(missing, 'xml')).toMatch(/^service_request_id: /);
	});
});
