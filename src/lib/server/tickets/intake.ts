// Reading a new ticket from a request: JSON for integrations, multipart for the form (with a photo).
// A report may give its place as `lon` / `lat`, or as `address` text that the lookup locates
// (one clear answer; several or none is a 400 naming `address` with the candidates).
import type { SessionUser } from '../auth/roles';
import { describeIssues, InputError } from '../http';
import { checkPhoto, type CheckedPhoto } from '../media/photos';
import { createTicket, NewTicket, requestFingerprint, type SOURCES } from './service';
import { locate, type Place } from './locate';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** An address that could not be located to one place: a 400 naming the field, with the candidates. */
export class AddressError extends InputError {
	constructor(
		field: string,
		message: string,
		readonly candidates: Place[]
	) {
		super(400, field, message, { candidates });
	}
}

/**
 * Locates `text` to one place, or refuses with an AddressError naming `field` (several candidates:
 * listed; none: an empty list). Returns the point and the unit / room text typed after the building.
 */
export async function placeOf(text: string, field: string) {
	const found = await locate(text, field);
	if (found.status === 'located') {
		const [p] = found.candidates;
		return { lon: p.lon, lat: p.lat, detail: found.detail, place: p };
	}
	if (found.status === 'ambiguous')
		throw new AddressError(
			field,
			`several places match: ${found.candidates.map((c) => c.address).join('; ')}`,
			found.candidates
		);
	throw new AddressError(field, 'no compound of the city matches this address', []);
}

export async function fileTicket(request: Request, user: SessionUser, source: (typeof SOURCES)[number]) {
	const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
	if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
		throw new InputError(400, 'Idempotency-Key', '1–200 visible ASCII characters');
	}
	const type = request.headers.get('content-type') ?? '';
	let raw: Record<string, unknown>;
	let photo: CheckedPhoto | undefined;
	if (type.startsWith('multipart/form-data')) {
		const form = await request.formData().catch(() => {
			throw new InputError(400, 'body', 'not a valid multipart form');
		});
		const file = form.get('photo');
		if (file instanceof File && file.size > 0) photo = await checkPhoto(file);
		raw = {};
		for (const [k, v] of form)
			if (typeof v === 'string' && v !== '')
				raw[k] = (k === 'lon' || k === 'lat') && NUMBER.test(v.trim()) ? Number(v) : v;
	} else if (type.startsWith('application/json')) {
		raw = await request.json().catch(() => {
			throw new InputError(400, 'body', 'not valid JSON');
		});
		if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
			throw new InputError(400, 'body', 'must be a JSON object');
	} else {
		throw new InputError(415, 'Content-Type', 'send application/json or multipart/form-data');
	}
	const { address, ...fields } = raw;
	if (address !== undefined && fields.lon === undefined && fields.lat === undefined) {
		if (typeof address !== 'string') throw new InputError(400, 'address', 'must be text');
		const p = await placeOf(address, 'address');
		fields.lon = p.lon;
		fields.lat = p.lat;
		if (p.detail && fields.addressDetail === undefined) fields.addressDetail = p.detail;
	}
	const parsed = NewTicket.safeParse(fields);
	if (!parsed.success)
		throw new InputError(400, String(parsed.error.issues[0].path[0] ?? 'body'), describeIssues(parsed.error));
	const fingerprint = idempotencyKey
		? requestFingerprint(
				request.method,
				new URL(request.url).pathname,
				{ ...parsed.data, address },
				photo?.bytes
			)
		: undefined;
	return createTicket(parsed.data, user, source, { photo, idempotencyKey, fingerprint });
}
