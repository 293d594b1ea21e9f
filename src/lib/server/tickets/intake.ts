// Reading a new ticket from a request: JSON for integrations, multipart for the form (with a photo).
import type { SessionUser } from '../auth/roles';
import { describeIssues, InputError } from '../http';
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
		const form = await request.formData().catch(() => {
			throw new InputError(400, 'body', 'not a valid multipart form');
		});
		const file = form.get('photo');
		if (file instanceof File && file.size > 0) photo = file;
		raw = {};
		for (const [k, v] of form)
			if (typeof v === 'string' && v !== '') raw[k] = k === 'lon' || k === 'lat' ? Number(v) : v;
	} else if (type.startsWith('application/json')) {
		raw = await request.json().catch(() => {
			throw new InputError(400, 'body', 'not valid JSON');
		});
	} else {
		throw new InputError(415, 'Content-Type', 'send application/json or multipart/form-data');
	}
	const parsed = NewTicket.safeParse(raw);
	if (!parsed.success)
		throw new InputError(400, String(parsed.error.issues[0].path[0] ?? 'body'), describeIssues(parsed.error));
	const stored = photo ? await savePhoto(photo) : undefined;
	try {
		return await createTicket(parsed.data, user, source, { photo: stored, idempotencyKey });
	} catch (err) {
		if (stored) await removePhoto(stored); // nothing half-written
		throw err;
	}
}
