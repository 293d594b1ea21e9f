import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
	errorResponse,
	formatOfPath,
	isoBeijing,
	open311Status,
	parseIsoDate,
	renderDefinition,
	renderDiscovery,
	renderList,
	reporterName,
	statusesFor,
	statusNotes,
	xmlText,
	XML_SHAPES
} from './format';
import {
	pagingHeaders,
	readRequestForm,
	readRequestQuery,
	serviceNotice,
	toPublicRequest,
	toServiceRequest
} from './service';

const xml = new XMLParser({
	isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name),
	parseTagValue: false
});
const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const GOOD = { service_code: 'water', lat: '27.11', long: '114.98', description: '楼道水管漏水' };

describe('status mapping', () => {
	it('maps every workflow state to open or closed', () => {
		expect(['new', 'assigned', 'accepted', 'in_progress'].map((s) => open311Status(s as never))).toEqual([
			'open',
			'open',
			'open',
			'open'
		]);
		expect(['resolved', 'closed', 'rejected'].map((s) => open311Status(s as never))).toEqual([
			'closed',
			'closed',
			'closed'
		]);
		expect(statusesFor('open')).toEqual(['new', 'assigned', 'accepted', 'in_progress']);
		expect(statusesFor('closed')).toEqual(['resolved', 'closed', 'rejected']);
	});

	it('keeps the detail in status_notes', () => {
		expect(statusNotes('in_progress', null)).toBe('处理中 (in_progress)');
		expect(statusNotes('rejected', ' 不属于物业范围 ')).toBe('已退件 (rejected): 不属于物业范围');
	});
});

describe('dates', () => {
	it('writes Beijing time with its offset', () => {
		expect(isoBeijing(new Date('2025-05-01T01:30:00Z'))).toBe('2025-05-01T09:30:00+08:00');
		expect(isoBeijing(new Date('2025-05-01T16:00:00Z'))).toBe('2025-05-02T00:00:00+08:00');
		expect(isoBeijing(null)).toBeNull();
	});

	it('reads ISO 8601 with a zone, and without one as Beijing time', () => {
		expect(parseIsoDate('2025-05-01T08:00:00Z')?.toISOString()).toBe('2025-05-01T08:00:00.000Z');
		expect(parseIsoDate('2025-05-01T08:00:00-05:00')?.toISOString()).toBe('2025-05-01T13:00:00.000Z');
		expect(parseIsoDate('2025-05-01T08:00:00+0800')?.toISOString()).toBe('2025-05-01T00:00:00.000Z');
		expect(parseIsoDate('2025-05-01')?.toISOString()).toBe('2025-04-30T16:00:00.000Z');
		expect(parseIsoDate('2025-05-01T08:00:00.250Z')?.toISOString()).toBe('2025-05-01T08:00:00.250Z');
	});

	it('refuses what is not a date', () => {
		for (const bad of ['yesterday', '2025-13-01', '2025-02-30', '2025-05-01T25:00:00Z', '1714550400', ''])
			expect(parseIsoDate(bad), bad).toBeNull();
	});
});

describe('names', () => {
	it('puts a Chinese surname first, without a space', () => {
		expect(reporterName('三', '张')).toBe('张三');
		expect(reporterName('Jane', 'Doe')).toBe('Jane Doe');
		expect(reporterName(undefined, '王')).toBe('王');
		expect(reporterName(' ', '')).toBeUndefined();
	});
});

describe('rendering', () => {
	it('answers a list as a JSON array and as root → items in XML, escaping text', () => {
		const items = [{ service_code: 'water', service_name: '供水 <&> "漏水"', metadata: false }];
		expect(JSON.parse(renderList('json', XML_SHAPES.services, items))).toEqual(items);
		const doc = renderList('xml', XML_SHAPES.services, items);
		expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
		expect(doc).toContain('&lt;&amp;&gt;');
		expect(xml.parse(doc).services.service).toEqual([
			{ service_code: 'water', service_name: '供水 <&> "漏水"', metadata: 'false' }
		]);
		expect(xml.parse(renderList('xml', XML_SHAPES.requests, [])).service_requests).toBe('');
	});

	it('nests discovery endpoints and formats in XML', () => {
		const d = {
			changeset: 'c',
			endpoints: [{ url: 'http://x/open311/v2', formats: ['text/xml', 'application/json'] }]
		};
		const parsed = xml.parse(renderDiscovery('xml', d)).discovery;
		expect(parsed.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
		expect(JSON.parse(renderDiscovery('json', d))).toEqual(d);
	});

	it('answers a service definition with an empty attributes element', () => {
		const parsed = xml.parse(renderDefinition('xml', { service_code: 'noise', attributes: [] }));
		expect(parsed.service_definition).toEqual({ service_code: 'noise', attributes: '' });
		expect(JSON.parse(renderDefinition('json', { service_code: 'noise', attributes: [] }))).toEqual({
			service_code: 'noise',
			attributes: []
		});
	});

	it('answers errors in the spec format, with the status', async () => {
		const j = errorResponse('json', 403, 'api_key: invalid');
		expect(j.status).toBe(403);
		expect(j.headers.get('content-type')).toContain('application/json');
		expect(await j.json()).toEqual([{ code: 403, description: 'api_key: invalid' }]);
		const x = errorResponse('xml', 404, 'service_code: no service "x"');
		expect(x.headers.get('content-type')).toContain('text/xml');
		expect(xml.parse(await x.text()).errors.error).toEqual([
			{ code: '404', description: 'service_code: no service "x"' }
		]);
		expect(formatOfPath('/open311/v2/requests.xml')).toBe('xml');
		expect(formatOfPath('/open311/v2/requests.json')).toBe('json');
	});
});

describe('POST requests form', () => {
	it('maps the spec fields to a new ticket', () => {
		const { input, mediaUrl } = readRequestForm(
			form({
				...GOOD,
				first_name: '三',
				last_name: '张',
				phone: '138 1234 1234',
				media_url: 'https://x/a.jpg'
			})
		);
		expect(input).toEqual({
			category: 'water',
			lat: 27.11,
			lon: 114.98,
			description: '楼道水管漏水',
			reporterName: '张三',
			reporterPhone: '138 1234 1234'
		});
		expect(mediaUrl).toBe('https://x/a.jpg');
	});

	const refusal = (fields: Record<string, string>) => {
		try {
			readRequestForm(form(fields));
		} catch (err) {
			return `${(err as { status: number }).status} ${(err as Error).message}`;
		}
		return 'accepted';
	};

	it('refuses bad fields with 400 naming them', () => {
		expect(refusal({ ...GOOD, service_code: 'potholes' })).toMatch(
			/^400 service_code: no service "potholes"/
		);
		expect(refusal({ ...GOOD, service_code: '' })).toBe('400 service_code: required');
		expect(refusal({ ...GOOD, lat: '91' })).toMatch(/^400 lat: must be a number from -90 to 90/);
		expect(refusal({ ...GOOD, long: 'east' })).toMatch(/^400 long: must be a number/);
		expect(refusal({ ...GOOD, lat: '' })).toMatch(/^400 lat: required/);
		expect(refusal({ ...GOOD, description: 'x'.repeat(4001) })).toMatch(/^400 description: at most 4,000/);
		expect(refusal({ ...GOOD, description: '  ' })).toBe('400 description: required');
		expect(refusal({ ...GOOD, phone: 'call me' })).toMatch(/^400 phone: /);
		expect(refusal({ ...GOOD, media_url: 'javascript:alert(1)' })).toMatch(/^400 media_url: /);
		expect(refusal({ ...GOOD, description: 'x'.repeat(4000) })).toBe('accepted');
	});

	it('refuses an address without coordinates, saying it needs them', () => {
		const { lat: _lat, long: _long, ...rest } = GOOD;
		expect(refusal({ ...rest, address_string: '吉州区井冈山大道 1 号' })).toMatch(
			/^400 lat: required — a request is routed by its point, so send lat and long/
		);
	});
});

describe('GET requests query', () => {
	const now = new Date('2025-06-01T00:00:00Z');
	const q = (s: string) => readRequestQuery(new URLSearchParams(s), now);

	it('reads filters and paging, with the defaults', () => {
		expect(q('')).toEqual({ page: 1, pageSize: 50, start: new Date('2025-03-03T00:00:00Z') });
		expect(
			q(
				'service_code=water,noise&status=open&start_date=2025-05-01T00:00:00Z&end_date=2025-05-02&page=3&page_size=500'
			)
		).toEqual({
			codes: ['water', 'noise'],
			statuses: ['new', 'assigned', 'accepted', 'in_progress'],
			start: new Date('2025-05-01T00:00:00Z'),
			end: new Date('2025-05-01T16:00:00Z'),
			page: 3,
			pageSize: 500
		});
		expect(q('service_request_id=3,17').ids).toEqual([3, 17]);
		expect(q('service_request_id=3').start).toBeUndefined();
		expect(q('status=open,closed').statuses).toHaveLength(7);
	});

	it('refuses bad parameters naming them', () => {
		const refusal = (s: string) => {
			try {
				q(s);
			} catch (err) {
				return (err as Error).message.split(':')[0];
			}
			return 'accepted';
		};
		expect(refusal('page_size=501')).toBe('page_size');
		expect(refusal('page=0')).toBe('page');
		expect(refusal('status=pending')).toBe('status');
		expect(refusal('service_code=potholes')).toBe('service_code');
		expect(refusal('start_date=last+week')).toBe('start_date');
		expect(refusal('start_date=2025-05-02&end_date=2025-05-01')).toBe('start_date');
		expect(refusal('service_request_id=1,abc')).toBe('service_request_id');
	});
});

describe('service requests out', () => {
	it('shows a ticket without any personal data, in spec fields', () => {
		const row = {
			id: '42',
			category: 'noise',
			service_name: '噪音扰民',
			status: 'accepted' as const,
			description: '夜间施工',
			created_at: new Date('2025-05-01T01:00:00Z'),
			due_at: new Date('2025-05-08T16:00:00Z'),
			updated_at: new Date('2025-05-01T02:00:00Z'),
			lon: 114.98,
			lat: 27.11,
			last_note: "routed to the grid cell's worker",
			district_name: '吉州区',
			street_name: '白塘街道',
			community_name: '白塘社区',
			grid_cell_name: '白塘社区第1网格',
			compound_name: '阳光小区',
			building_number: '3栋',
			reporter_name: '张三',
			reporter_phone: '13812341234'
		};
		const r = toServiceRequest(row);
		expect(r).toEqual({
			service_request_id: '42',
			status: 'open',
			status_notes: "已签收 (accepted): routed to the grid cell's worker",
			service_name: '噪音扰民',
			service_code: 'noise',
			description: '夜间施工',
			agency_responsible: '白塘街道 白塘社区第1网格',
			service_notice: null,
			requested_datetime: '2025-05-01T09:00:00+08:00',
			updated_datetime: '2025-05-01T10:00:00+08:00',
			expected_datetime: '2025-05-09T00:00:00+08:00',
			address: '吉州区白塘街道白塘社区阳光小区3栋',
			address_id: null,
			zipcode: null,
			lat: 27.11,
			long: 114.98
		});
		expect(JSON.stringify(r)).not.toMatch(/张三|13812341234/);
	});

	it('tells the reporter about a likely duplicate', () => {
		const n = serviceNotice({ id: 9, queued: false, duplicateOf: 7, dueAt: '2025-05-01T16:00:00Z' });
		expect(n).toContain('likely duplicate of service request 7');
		expect(n).toContain('expected by 2025-05-02T00:00:00+08:00');
		expect(serviceNotice({ id: 9, queued: true, duplicateOf: null, dueAt: null })).not.toContain('duplicate');
	});
});

describe('refusals before the route', () => {
	it('answers in the spec format on /open311 paths only', async () => {
		const { open311Denial } = await import('./refusals');
		expect(open311Denial('/api/tickets', 'no_key')).toBeNull();
		const res = open311Denial('/open311/v2/requests.xml', 'no_key')!;
		expect(res.status).toBe(401);
		expect(xml.parse(await res.text()).errors.error[0].description).toMatch(/^api_key: required/);
		const role = open311Denial('/open311/v2/requests.json', 'role', 'the role planner may not POST')!;
		expect(role.status).toBe(403);
		expect(await role.json()).toEqual([{ code: 403, description: 'api_key: the role planner may not POST' }]);
	});
});

describe('XML 1.0 well-formedness', () => {
	it('leaves out every character XML 1.0 cannot hold, and keeps tab, line ends and the rest', () => {
		const c0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
		expect(xmlText(`a${c0}b`)).toBe('a\t\n\rb');
		expect(xmlText('x\uFFFE\uFFFFy\uD800z\uDC00')).toBe('xyz');
		expect(xmlText('😀 楼道')).toBe('😀 楼道');
		const doc = renderList('xml', XML_SHAPES.requests, [{ description: `坏${c0}字\uFFFF` }]);
		expect(XMLValidator.validate(doc)).toBe(true);
		expect(xml.parse(doc).service_requests.request[0].description).toMatch(/^坏\s*字$/);
	});
});

describe('keyless readers and paging', () => {
	it('shows a keyless reader only the id, service, status, dates and the community point', () => {
		const r = toPublicRequest({
			id: '42',
			category: 'noise',
			service_name: '噪音扰民',
			status: 'accepted',
			description: '夜间施工 张三 13812341234',
			created_at: new Date('2025-05-01T01:00:00Z'),
			due_at: new Date('2025-05-08T16:00:00Z'),
			updated_at: new Date('2025-05-01T02:00:00Z'),
			lon: 114.98,
			lat: 27.11,
			last_note: null,
			district_name: '吉州区',
			street_name: '白塘街道',
			community_name: '白塘社区',
			grid_cell_name: 'g',
			compound_name: '阳光小区',
			building_number: '3栋',
			has_photo: true,
			community_lon: 114.9,
			community_lat: 27.1
		});
		expect(r).toEqual({
			service_request_id: '42',
			status: 'open',
			status_notes: '已签收 (accepted)',
			service_name: '噪音扰民',
			service_code: 'noise',
			requested_datetime: '2025-05-01T09:00:00+08:00',
			updated_datetime: '2025-05-01T10:00:00+08:00',
			expected_datetime: '2025-05-09T00:00:00+08:00',
			lat: 27.1,
			long: 114.9
		});
	});

	it('says in headers how many matched, and links the pages keeping the filters but not the key', () => {
		const url = new URL('http://x/open311/v2/requests.json?service_code=water&api_key=k&page=2&page_size=10');
		const h = pagingHeaders(url, { page: 2, pageSize: 10, codes: ['water'] }, 35);
		expect(h['x-total-count']).toBe('35');
		expect(h.link).toContain(
			'<http://x/open311/v2/requests.json?service_code=water&page=3&page_size=10>; rel="next"'
		);
		expect(h.link).toContain('page=1&page_size=10>; rel="prev"');
		expect(h.link).toContain('page=4&page_size=10>; rel="last"');
		expect(h.link).not.toContain('api_key');
		expect(pagingHeaders(url, { page: 4, pageSize: 10 }, 35).link).not.toContain('rel="next"');
	});
});
