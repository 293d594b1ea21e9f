// Open311 GeoReport v2: the pure part. Status mapping, date and name formatting, and rendering of
// answers and errors as JSON or XML (the spec's shapes; XML through fast-xml-parser's XMLBuilder).
// No database here, so unit tests call it directly.
import { XMLBuilder } from 'fast-xml-parser';
import { OPEN_STATUSES, STATUSES, type Status } from '../../codes';
import zh from '../../i18n/zh-CN.json';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];
export const CONTENT_TYPES: Record<Format, string> = {
	json: 'application/json; charset=utf-8',
	xml: 'text/xml; charset=utf-8'
};

export const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);

/** Our workflow states in the spec's two: new / assigned / accepted / in_progress are open. */
export function open311Status(status: Status): 'open' | 'closed' {
	return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

/** The workflow states behind each spec state (for the `status` filter). */
export function statusesFor(spec: 'open' | 'closed'): Status[] {
	return STATUSES.filter((s) => open311Status(s) === spec);
}

/** The detail that the spec's open / closed hides: our state (its label in the Chinese interface), then the latest note on the ticket. */
export function statusNotes(status: Status, lastNote: string | null): string {
	const head = `${(zh as Record<string, string>)[`status.${status}`]} (${status})`;
	const note = lastNote?.trim();
	return note ? `${head}: ${note}` : head;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** An instant as ISO 8601 in Beijing time with its offset: 2025-05-01T09:30:00+08:00 (spec: tz required). */
export function isoBeijing(t: Date | string | null): string | null {
	if (t === null) return null;
	const ms = new Date(t).getTime();
	if (Number.isNaN(ms)) return null;
	return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads an ISO 8601 date or date-time (spec: a subset of ISO 8601 with a time zone). A value
 * without a zone is read as Beijing time, the city's own clock. Returns null when it is not one.
 */
export function parseIsoDate(raw: string): Date | null {
	const m = ISO_DATE.exec(raw.trim());
	if (!m) return null;
	const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
	if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 59) return null;
	let offset = '+08:00';
	if (zone && zone.toUpperCase() === 'Z') offset = 'Z';
	else if (zone) {
		const digits = zone.replace(':', '');
		offset = `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
	}
	const ms = (frac + '000').slice(0, 3);
	const t = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
	if (Number.isNaN(t.getTime())) return null;
	// reject dates that roll over (2025-02-30)
	const local = new Date(t.getTime() + (offset === 'Z' ? 0 : offsetMs(offset)));
	if (local.getUTCDate() !== +d) return null;
	return t;
}

function offsetMs(offset: string): number {
	const sign = offset.startsWith('-') ? -1 : 1;
	return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

const CJK = /^[\p{Script=Han}·]+$/u;

/** first_name / last_name → one name. Chinese names read surname first, without a space (张 + 三 → 张三). */
export function reporterName(first?: string, last?: string): string | undefined {
	const f = first?.trim() ?? '';
	const l = last?.trim() ?? '';
	if (!f && !l) return undefined;
	if (!f || !l) return f || l;
	return CJK.test(f) && CJK.test(l) ? `${l}${f}` : `${f} ${l}`;
}

/** An Open311 refusal: the HTTP status, and the description (which names the field). */
export class Open311Error extends Error {
	constructor(
		readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500,
		message: string
	) {
		super(message);
	}
}

/** The spec's XML root and item element for each kind of answer. */
export const XML_SHAPES = {
	services: { root: 'services', item: 'service' },
	requests: { root: 'service_requests', item: 'request' },
	errors: { root: 'errors', item: 'error' }
} as const;

export type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

const builder = new XMLBuilder({
	ignoreAttributes: false,
	format: true,
	suppressEmptyNode: false,
	suppressBooleanAttributes: false
});

/**
 * Characters XML 1.0 cannot hold (§2.2 Char: C0 controls other than tab, LF, CR; U+FFFE / U+FFFF;
 * surrogates without their pair). No escape exists for them, so they are left out: the document stays
 * well-formed whatever a description holds.
 */
const XML_ILLEGAL =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as XML 1.0 can hold it: the illegal characters removed (see XML_ILLEGAL). */
export const xmlText = (s: string): string => s.replace(XML_ILLEGAL, '');

/**
 * Null / undefined become empty elements; empty lists become an empty element (`<attributes></attributes>`);
 * text loses the characters XML 1.0 cannot hold.
 */
function forXml(v: Value): Value {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return xmlText(v);
	if (Array.isArray(v)) return v.map(forXml);
	if (typeof v === 'object') {
		const out: Record<string, Value> = {};
		for (const [k, x] of Object.entries(v)) out[k] = Array.isArray(x) && x.length === 0 ? '' : forXml(x);
		return out;
	}
	return v;
}

/** An XML document: the declaration the spec asks for, then `root`. */
export function toXml(root: string, body: Record<string, Value> | ''): string {
	return builder.build({
		'?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
		[root]: body === '' ? '' : forXml(body)
	});
}

/** A list answer (services, service requests, errors): a JSON array, or root → repeated items in XML. */
export function renderList(
	format: Format,
	shape: (typeof XML_SHAPES)[keyof typeof XML_SHAPES],
	items: Record<string, Value>[]
): string {
	if (format === 'json') return JSON.stringify(items);
	return toXml(shape.root, items.length ? { [shape.item]: items } : '');
}

/** A list nested the XML way: `{ endpoint: [...] }`, or an empty element when there is none. */
export const nest = (item: string, list: Value[]): Value => (list.length ? { [item]: list } : '');

/** Discovery: JSON as is; XML nests endpoints → endpoint and formats → format. */
export function renderDiscovery(
	format: Format,
	d: { endpoints: ({ formats: string[] } & Record<string, Value>)[] } & Record<string, Value>
): string {
	if (format === 'json') return JSON.stringify(d);
	const endpoints = d.endpoints.map((e) => ({ ...e, formats: nest('format', e.formats) }));
	return toXml('discovery', { ...d, endpoints: nest('endpoint', endpoints) });
}

/** A service definition: JSON as is; XML nests attributes → attribute and values → value. */
export function renderDefinition(
	format: Format,
	d: { service_code: string; attributes: ({ values?: Value[] } & Record<string, Value>)[] }
): string {
	if (format === 'json') return JSON.stringify(d);
	const attributes = d.attributes.map((a) => ({ ...a, values: nest('value', a.values ?? []) }));
	return toXml('service_definition', {
		service_code: d.service_code,
		attributes: nest('attribute', attributes)
	});
}

export function respond(
	format: Format,
	body: string,
	status = 200,
	headers: Record<string, string> = {}
): Response {
	return new Response(body, { status, headers: { ...headers, 'content-type': CONTENT_TYPES[format] } });
}

/** The spec's error answer: `[{code, description}]` or `<errors><error><code/><description/></error></errors>`. */
export function errorResponse(format: Format, status: number, description: string): Response {
	return respond(format, renderList(format, XML_SHAPES.errors, [{ code: status, description }]), status);
}

/**
 * The format a path asks for by its suffix (`/open311/v2/requests.xml` → xml); JSON otherwise.
 * For refusals made before a route runs (src/hooks.server.ts), which know only the path.
 */
export const formatOfPath = (pathname: string): Format => (/\.xml$/i.test(pathname) ? 'xml' : 'json');

/** A refusal in the spec's format for any /open311 path (used by the hooks for 401 / 403). */
export const open311Refusal = (pathname: string, status: number, description: string): Response =>
	errorResponse(formatOfPath(pathname), status, description);
