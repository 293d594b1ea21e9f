// Reading a new ticket from a request: JSON for integrations, multipart for the form (with a photo).
// A report may give its place as `lon` / `lat`, or as `address` text that the lookup locates
// (one clear answer; several or none is a 400 naming `address` with the candidates).
import type { SessionUser } from '../auth/roles';
import { InputError, parseWith, readJson } from '../http';
import { checkPhoto, type CheckedPhoto } from '../media/photos';
import type { TicketSource } from '../../codes';
import { createTicket, NewTicket, requestFingerprint } from './service';
import { locate, type Place } from './locate';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** An address that could not be located to one place: a 400 naming the field, with the candidates. */
export class AddressError extends InputError {
	constructor(
		field: string,
		message: string,
		readonly candidates: Place[]
	) {
		super(400, field, message, 'invalid', {
			reason: candidates.length ? 'address_ambiguous' : 'address_none',
			count: candidates.length,
			candidates: candidates.map((c) => c.address).join('; ')
		});
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

export async function fileTicket(request: Request, user: SessionUser, source: TicketSource) {
	const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
	if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
		throw new InputError(400, 'Idempotency-Key', '1–200 visible ASCII characters');
	}
	const type = request.headers.get('content-type') ?? '';
	let raw: Record<string, unknown>;
	let photo: CheckedPhoto | undefined;
	if (type.startsWith('multipart/form-data')) {
		const form = await request.formData().catch((err) => {
			throw err instanceof InputError ? err : new InputError(400, 'body', 'not a valid multipart form');
		});
		const file = form.get('photo');
		if (file instanceof File && file.size > 0) photo = await checkPhoto(file);
		raw = {};
		// numbers stay text here: the schema reads them strictly (decimal(): `0x72` is refused)
		for (const [k, v] of form) if (typeof v === 'string' && v !== '') raw[k] = v;
	} else if (type.startsWith('application/json')) {
		raw = (await readJson(request)) as Record<string, unknown>;
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
		if (p.detail && fields.addressDetail === undefined) fields.addressDetail = p.detail.slice(0, 100);
	}
	const data = parseWith(NewTicket, fields);
	const fingerprint = idempotencyKey
		? requestFingerprint(request.method, new URL(request.url).pathname, { ...data, address }, photo?.bytes)
		: undefined;
	return createTicket(data, user, source, { photo, idempotencyKey, fingerprint });
}
