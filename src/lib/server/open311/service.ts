// Open311 GeoReport v2 on top of the ticket service: services are our ticket categories, a service
// request is a ticket. Filing goes through createTicket (routing, SLA, duplicates all apply); reads
// go through the caller's scope and never carry a resident's name or phone.
import { config } from '../config.js';
import { db } from '../db/pool';
import type { Scope, SessionUser } from '../auth/roles';
import { open311Condition, SqlWhere } from '../auth/scope';
import { InputError } from '../http';
import { CATEGORIES, createTicket, NewTicket, slaRules, type Category } from '../tickets/service';
import { placeOf } from '../tickets/intake';
import type { Status } from '../../tickets/workflow';
import {
	isoBeijing,
	Open311Error,
	open311Status,
	parseIsoDate,
	reporterName,
	statusesFor,
	statusNotes
} from './format';
import requestSql from './request.sql?raw';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this API's shape last changed (discovery's changeset). */
export const CHANGESET = '2025-06-01T00:00:00+08:00';
export const PAGE_SIZE = { default: 50, max: 500 } as const;
/** Without a date or id filter, GET requests covers the most recent 90 days (the spec's default). */
export const DEFAULT_WINDOW_DAYS = 90;
const MAX_IDS = 500;

const isCategory = (s: string): s is Category => (CATEGORIES as readonly string[]).includes(s);

const URGENCY_GROUP: Record<string, string> = {
	urgent: '紧急类 (urgent)',
	normal: '一般类 (general)',
	complaint: '投诉类 (complaint)'
};

interface Rule {
	category: Category;
	nameZh: string;
	nameEn: string;
	urgency: string;
	acceptHours: number;
	resolveHours: number | null;
	resolveWorkingDays: number | null;
}

function serviceOf(r: Rule) {
	const due =
		r.resolveHours != null ? `${r.resolveHours} 小时内办结` : `${r.resolveWorkingDays} 个工作日内办结`;
	return {
		service_code: r.category,
		service_name: r.nameZh,
		description: `${r.nameEn}. ${r.acceptHours} 小时内签收，${due}。`,
		metadata: false,
		type: 'realtime',
		keywords: [...r.nameZh.split(/\s*\/\s*/), r.category, r.nameEn].join(','),
		group: URGENCY_GROUP[r.urgency] ?? r.urgency
	};
}

/** One service per ticket category, in the category order of the ticket service. */
export async function listServices() {
	const rules = (await slaRules()) as Rule[];
	return rules.map(serviceOf);
}

/** A service definition: no attributes beyond the spec's core fields (metadata is false for all). */
export async function serviceDefinition(code: string) {
	if (!isCategory(code) || !(await listServices()).some((s) => s.service_code === code))
		throw new Open311Error(404, `service_code: no service "${code}"`);
	return { service_code: code, attributes: [] as never[] };
}

export function discovery(origin: string) {
	return {
		changeset: CHANGESET,
		contact: `${origin}/open311/v2/discovery.json`,
		key_service: 'API keys are issued by the RedGrid administrators (管理员).',
		endpoints: [
			{
				specification: SPECIFICATION,
				url: `${origin}/open311/v2`,
				changeset: CHANGESET,
				type: 'production',
				formats: ['text/xml', 'application/json']
			}
		]
	};
}

// --- POST requests ---------------------------------------------------------------------------

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function coordinate(form: FormData, name: 'lat' | 'long', limit: number): number {
	const raw = text(form, name);
	if (raw === undefined) throw new Open311Error(400, `${name}: required (WGS84 decimal degrees)`);
	const n = NUMBER.test(raw) ? Number(raw) : NaN;
	if (!Number.isFinite(n) || Math.abs(n) > limit)
		throw new Open311Error(
			400,
			`${name}: must be a number from -${limit} to ${limit}, got "${raw.slice(0, 40)}"`
		);
	return n;
}

function text(form: FormData, name: string): string | undefined {
	const v = form.get(name);
	if (typeof v !== 'string') return undefined;
	const t = v.trim();
	return t === '' ? undefined : t;
}

/** Our field names → the Open311 field the client sent. */
const FIELD_OF: Record<string, string> = {
	category: 'service_code',
	lon: 'long',
	lat: 'lat',
	description: 'description',
	reporterName: 'first_name',
	reporterPhone: 'phone',
	location: 'lat/long'
};

/** Reads and checks a form-encoded POST requests body; refuses (400, naming the field) what it cannot file. */
export function readRequestForm(form: FormData): { input: NewTicket; mediaUrl?: string } {
	const code = text(form, 'service_code');
	if (!code) throw new Open311Error(400, 'service_code: required');
	if (!isCategory(code))
		throw new Open311Error(400, `service_code: no service "${code.slice(0, 40)}" (see services.json)`);
	const hasLat = text(form, 'lat') !== undefined;
	const hasLong = text(form, 'long') !== undefined;
	if (!hasLat && !hasLong && (text(form, 'address_string') || text(form, 'address_id')))
		throw new Open311Error(
			400,
			'lat: required — a request is routed by its point, so send lat and long (WGS84); address_string alone cannot be located'
		);
	const lat = coordinate(form, 'lat', 90);
	const lon = coordinate(form, 'long', 180);
	const description = text(form, 'description');
	if (!description) throw new Open311Error(400, 'description: required');
	if (Array.from(description).length > 4000)
		throw new Open311Error(
			400,
			`description: at most 4,000 characters (got ${Array.from(description).length})`
		);
	const mediaUrl = text(form, 'media_url');
	if (mediaUrl !== undefined && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 2000))
		throw new Open311Error(400, 'media_url: must be an http(s) URL of at most 2,000 characters');
	const parsed = NewTicket.safeParse({
		category: code,
		lat,
		lon,
		description,
		reporterName: reporterName(text(form, 'first_name'), text(form, 'last_name')),
		reporterPhone: text(form, 'phone')
	});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = FIELD_OF[String(issue.path[0])] ?? String(issue.path[0] ?? 'body');
		throw new Open311Error(400, `${field}: ${issue.message}`);
	}
	return { input: parsed.data, mediaUrl };
}

/** The Open311 view of a refusal from the ticket service (the spec has no 422: it is a 400). */
function fromInputError(err: InputError): Open311Error {
	const field = FIELD_OF[err.field ?? 'body'] ?? err.field ?? 'body';
	const message = err.field ? err.message.slice(err.field.length + 2) : err.message;
	const status = err.status === 422 ? 400 : err.status === 429 || err.status === 503 ? 500 : err.status;
	return new Open311Error(status, `${field}: ${message}`);
}

/** Files a service request as a ticket (source open311) and answers the spec's receipt. */
export async function fileRequest(form: FormData, user: SessionUser) {
	// no lat / long but an address_string: the city's own address lookup places it (one clear
	// answer), else a 400 naming address_string with the candidates (README "Tickets: locating")
	const addressString = text(form, 'address_string');
	let detail: string | null = null;
	if (addressString !== undefined && text(form, 'lat') === undefined && text(form, 'long') === undefined) {
		try {
			const p = await placeOf(addressString, 'address_string');
			form.set('lat', String(p.lat));
			form.set('long', String(p.lon));
			detail = p.detail;
		} catch (err) {
			if (err instanceof InputError) throw new Open311Error(400, err.message);
			throw err;
		}
	}
	const parsedForm = readRequestForm(form);
	const { mediaUrl } = parsedForm;
	const input = detail ? { ...parsedForm.input, addressDetail: detail.slice(0, 100) } : parsedForm.input;
	let created;
	try {
		created = await createTicket(input, user, 'open311');
	} catch (err) {
		if (err instanceof InputError) throw fromInputError(err);
		throw err;
	}
	const t = created.ticket;
	return [
		{
			service_request_id: String(t.id),
			service_notice: serviceNotice({
				id: t.id,
				queued: created.queued,
				duplicateOf: created.duplicateOf,
				dueAt: (t.dueAt as Date | string | undefined) ?? null,
				mediaUrlIgnored: mediaUrl !== undefined
			}),
			account_id: null
		}
	];
}

/** What the reporter is told on filing: where it went, when it is due, and a likely duplicate. */
export function serviceNotice(n: {
	id: number;
	queued: boolean;
	duplicateOf: number | null;
	dueAt: Date | string | null;
	mediaUrlIgnored?: boolean;
}): string {
	const parts = [
		n.queued
			? `已受理，进入街道派单队列 (received; queued for dispatch by the street)`
			: `已受理，已派给所在网格的网格员 (received; routed to the grid worker of its grid cell)`
	];
	if (n.dueAt) parts.push(`预计办结 expected by ${isoBeijing(n.dueAt)}`);
	if (n.duplicateOf != null)
		parts.push(
			`疑似与请求 ${n.duplicateOf} 重复，已关联 (likely duplicate of service request ${n.duplicateOf}; linked to it)`
		);
	if (n.mediaUrlIgnored) parts.push('media_url 未保存 (media_url is not stored)');
	return parts.join('；');
}

// --- GET requests ----------------------------------------------------------------------------

interface Row {
	id: string;
	category: string;
	service_name: string;
	status: Status;
	description: string;
	created_at: Date;
	due_at: Date;
	lon: number;
	lat: number;
	updated_at: Date;
	last_note: string | null;
	district_name: string | null;
	street_name: string | null;
	community_name: string | null;
	grid_cell_name: string | null;
	compound_name: string | null;
	building_number: string | null;
	has_photo?: boolean;
	community_lon?: number | null;
	community_lat?: number | null;
}

/**
 * Whether GET requests answers without an api_key (REDGRID_OPEN311_PUBLIC_READ, on unless `0`): the
 * spec asks no key for reading, and common clients send none.
 */
export const publicRead = () => config.open311PublicRead;

/**
 * Who reads: a key holder (their user and scope: full requests in scope, with media_url) or a keyless
 * reader (every request, reduced to `toPublicRequest`). `origin` builds media_url.
 */
export type Reader = { user: SessionUser; scope: Scope; origin: string } | { user: null; origin: string };

/** The reader for a request: a planner's key (aggregates only) reads as the public does, when allowed. */
export function readerOf(user: SessionUser | null, scope: Scope | null, origin: string): Reader {
	if (user && scope && scope.kind !== 'aggregates') return { user, scope, origin };
	if (publicRead()) return { user: null, origin };
	if (!user) throw new Open311Error(401, 'api_key: required (reading service requests needs a key here)');
	throw new Open311Error(403, 'api_key: this key belongs to a planner, who sees aggregated figures only');
}

/**
 * A ticket as a keyless reader sees it: the request id, service, status and its notes, the dates, and
 * the point of its community (never the description, reporter, photo, address or exact point).
 */
export function toPublicRequest(r: Row) {
	return {
		service_request_id: String(r.id),
		status: open311Status(r.status),
		status_notes: statusNotes(r.status, r.last_note),
		service_name: r.service_name,
		service_code: r.category,
		requested_datetime: isoBeijing(r.created_at),
		updated_datetime: isoBeijing(r.updated_at),
		expected_datetime: isoBeijing(r.due_at),
		lat: r.community_lat == null ? null : Number(r.community_lat),
		long: r.community_lon == null ? null : Number(r.community_lon)
	};
}

/** A request as its reader may see it: in full with media_url (key holders), or reduced (keyless). */
const view = (reader: Reader) => (r: Row) =>
	reader.user
		? {
				...toServiceRequest(r),
				media_url: r.has_photo ? `${reader.origin}/api/tickets/${r.id}/photo` : null
			}
		: toPublicRequest(r);

/** A ticket row as a spec service request. No resident's name or phone exists in the row. */
export function toServiceRequest(r: Row) {
	return {
		service_request_id: String(r.id),
		status: open311Status(r.status),
		status_notes: statusNotes(r.status, r.last_note),
		service_name: r.service_name,
		service_code: r.category,
		description: r.description,
		agency_responsible: [r.street_name, r.grid_cell_name].filter(Boolean).join(' ') || null,
		service_notice: null,
		requested_datetime: isoBeijing(r.created_at),
		updated_datetime: isoBeijing(r.updated_at),
		expected_datetime: isoBeijing(r.due_at),
		address:
			[r.district_name, r.street_name, r.community_name, r.compound_name, r.building_number]
				.filter(Boolean)
				.join('') || null,
		address_id: null,
		zipcode: null,
		lat: Number(r.lat),
		long: Number(r.lon)
	};
}

const POSITIVE_ID = /^[1-9]\d{0,9}$/;

export async function getRequest(rawId: string, reader: Reader) {
	if (!POSITIVE_ID.test(rawId) || Number(rawId) > 2_147_483_647)
		throw new Open311Error(
			400,
			`service_request_id: must be a positive integer, got "${rawId.slice(0, 40)}"`
		);
	// keyless reads (the declared exception, reduced fields): every request
	const w = new SqlWhere([rawId]);
	if (reader.user) w.and(open311Condition(reader.scope, reader.user.id, w));
	const { rows } = await db().query<Row>(`${requestSql} WHERE t.id = $1 AND ${w.sql}`, w.params);
	if (rows[0]) return [view(reader)(rows[0])];
	const exists = await db().query('SELECT 1 FROM tickets WHERE id = $1', [rawId]);
	if (!exists.rows[0]) throw new Open311Error(404, `service_request_id: no service request ${rawId}`);
	throw new Open311Error(403, `service_request_id: request ${rawId} is outside the scope of this api_key`);
}

export interface RequestQuery {
	ids?: number[];
	codes?: Category[];
	statuses?: Status[];
	start?: Date;
	end?: Date;
	page: number;
	pageSize: number;
}

/** Reads the query of GET requests; refuses (400, naming the parameter) what it cannot use. */
export function readRequestQuery(params: URLSearchParams, now = new Date()): RequestQuery {
	const get = (name: string) => {
		const v = params.get(name)?.trim();
		return v ? v : undefined;
	};
	const list = (name: string) =>
		get(name)
			?.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	const q: RequestQuery = { page: 1, pageSize: PAGE_SIZE.default };

	const ids = list('service_request_id');
	if (ids) {
		const bad = ids.find((s) => !POSITIVE_ID.test(s) || Number(s) > 2_147_483_647);
		if (bad !== undefined)
			throw new Open311Error(400, `service_request_id: "${bad.slice(0, 40)}" is not a positive integer`);
		if (ids.length > MAX_IDS) throw new Open311Error(400, `service_request_id: at most ${MAX_IDS} ids`);
		q.ids = ids.map(Number);
	}
	const codes = list('service_code');
	if (codes) {
		const bad = codes.find((c) => !isCategory(c));
		if (bad !== undefined) throw new Open311Error(400, `service_code: no service "${bad.slice(0, 40)}"`);
		q.codes = codes as Category[];
	}
	const statuses = list('status');
	if (statuses) {
		const bad = statuses.find((s) => s !== 'open' && s !== 'closed');
		if (bad !== undefined)
			throw new Open311Error(
				400,
				`status: must be open, closed or both (comma-separated), got "${bad.slice(0, 40)}"`
			);
		q.statuses = [...new Set(statuses as ('open' | 'closed')[])].flatMap(statusesFor);
	}
	for (const name of ['start_date', 'end_date'] as const) {
		const raw = get(name);
		if (raw === undefined) continue;
		const t = parseIsoDate(raw);
		if (!t)
			throw new Open311Error(
				400,
				`${name}: not an ISO 8601 date-time (e.g. 2025-05-01T08:00:00+08:00), got "${raw.slice(0, 40)}"`
			);
		if (name === 'start_date') q.start = t;
		else q.end = t;
	}
	if (q.start && q.end && q.start > q.end)
		throw new Open311Error(400, 'start_date: must not be after end_date');
	if (!q.ids && !q.start && !q.end) q.start = new Date(now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000);

	for (const [name, key, max] of [
		['page', 'page', 1_000_000],
		['page_size', 'pageSize', PAGE_SIZE.max]
	] as const) {
		const raw = get(name);
		if (raw === undefined) continue;
		const n = Number(raw);
		if (!/^\d+$/.test(raw) || n < 1 || n > max)
			throw new Open311Error(400, `${name}: must be an integer from 1 to ${max}, got "${raw.slice(0, 40)}"`);
		q[key] = n;
	}
	return q;
}

/**
 * Service requests the reader may see (a key holder: in their scope; keyless: all, reduced), newest
 * first, one page. With service_request_id the other filters are ignored (as the spec says); scope
 * and paging still apply. `total` is the number matched, so a cut list can say so.
 */
export async function listRequests(q: RequestQuery, reader: Reader) {
	const w = new SqlWhere();
	if (q.ids) w.and(`t.id = ANY(${w.p(q.ids)}::bigint[])`);
	else {
		if (q.codes) w.and(`t.category = ANY(${w.p(q.codes)}::text[])`);
		if (q.statuses) w.and(`t.status = ANY(${w.p(q.statuses)}::text[])`);
		if (q.start) w.and(`t.created_at >= ${w.p(q.start)}`);
		if (q.end) w.and(`t.created_at <= ${w.p(q.end)}`);
	}
	// keyless reads (the declared exception, reduced fields): every request
	if (reader.user) w.and(open311Condition(reader.scope, reader.user.id, w));
	const filter = w.sql;
	const params = [...w.params];
	const [page, count] = await Promise.all([
		db().query<Row>(
			`${requestSql} WHERE ${filter} ORDER BY t.created_at DESC, t.id DESC
			 LIMIT ${w.p(q.pageSize)} OFFSET ${w.p((q.page - 1) * q.pageSize)}`,
			w.params
		),
		db().query<{ n: number }>(`SELECT count(*)::int AS n FROM tickets t WHERE ${filter}`, params)
	]);
	return { items: page.rows.map(view(reader)), total: count.rows[0].n };
}

/**
 * Paging of GET requests in HTTP headers (the spec's answer is a bare list): `X-Total-Count` (requests
 * matched), `X-Page` / `X-Page-Size`, and an RFC 8288 `Link` with rel next / prev / first / last
 * (api_key left out). A list cut by page_size thus says so; clients that ignore headers get page 1.
 */
export function pagingHeaders(url: URL, q: RequestQuery, total: number): Record<string, string> {
	const last = Math.max(1, Math.ceil(total / q.pageSize));
	const at = (page: number) => {
		const u = new URL(url);
		u.searchParams.delete('api_key');
		u.searchParams.set('page', String(page));
		u.searchParams.set('page_size', String(q.pageSize));
		return `<${u}>`;
	};
	const links = [`${at(1)}; rel="first"`, `${at(last)}; rel="last"`];
	if (q.page < last) links.push(`${at(q.page + 1)}; rel="next"`);
	if (q.page > 1) links.push(`${at(Math.min(q.page - 1, last))}; rel="prev"`);
	return {
		'x-total-count': String(total),
		'x-page': String(q.page),
		'x-page-size': String(q.pageSize),
		link: links.join(', ')
	};
}
