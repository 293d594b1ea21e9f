// Reading a new ticket from a request: JSON for integrations, multipart for the form (with a photo).
import type { SessionUser } from '../auth/roles';
import { InputError, parseWith, readJson } from '../http';
import { removePhoto, savePhoto } from '../media/photos';
import { createTicket, NewTicket, type SOURCES } from './service';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export async function fileTicket(request: Request, user: SessionUser, source: (typeof SOURCES)[number]) {
	const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
	if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
		throw new InputError(400, 'Idempotency-Key', '1–200 visible ASCII characters');
	}
	const type = request.headers.get('content-type') ?? '';
	let raw: Record<string, unknown>;
	let photo: File | undefined;
	if (type.startsWith('multipart/form-data')) {
		const form = await request.formData().catch((err) => {
			throw err instanceof InputError ? err : new InputError(400, 'body', 'not a valid multipart form');
		});
		const file = form.get('photo');
		if (file instanceof File && file.size > 0) photo = file;
		raw = {};
		// numbers stay text here: the schema reads them strictly (decimal(): `0x72` is refused)
		for (const [k, v] of form) if (typeof v === 'string' && v !== '') raw[k] = v;
	} else if (type.startsWith('application/json')) {
		raw = (await readJson(request)) as Record<string, unknown>;
	} else {
		throw new InputError(415, 'Content-Type', 'send application/json or multipart/form-data');
	}
	const parsed = { data: parseWith(NewTicket, raw) };
	const stored = photo ? await savePhoto(photo) : undefined;
	try {
		return await createTicket(parsed.data, user, source, { photo: stored, idempotencyKey });
	} catch (err) {
		if (stored) await removePhoto(stored); // nothing half-written
		throw err;
	}
}
