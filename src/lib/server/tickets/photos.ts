// Photos a worker takes in the field: each one goes on a note event of the ticket (migration 271),
// through the same workflow rule as a note (whoever sees the ticket may add one). The phone queues
// them offline like its other requests (Idempotency-Key, `at`), so a resend stores no second file.
import { z } from 'zod';
import type { SessionUser } from '../auth/roles';
import type { Scope } from '../auth/roles';
import { db } from '../db/pool';
import { InputError, parseWith } from '../http';
import { text } from '../input';
import { checkPhoto, removePhoto, storePhoto } from '../media/photos';
import type { Remember } from '../field/idempotency';
import { madeAt } from '../field/idempotency';
import { act, getTicket, type Ticket } from './service';
import eventPhotoSql from './event-photo.sql?raw';

/** The form fields beside the `photo` file: a caption (the note) and when the phone took it. */
export const PhotoFields = z.object({
	note: text({ max: 4000, multiline: true }),
	at: madeAt
});

/** A multipart request's photo and fields, checked (400 / 413 / 415 naming the field). */
export async function readPhotoForm(request: Request) {
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('multipart/form-data'))
		throw new InputError(415, 'Content-Type', 'send multipart/form-data with a photo');
	const form = await request.formData().catch((err) => {
		throw err instanceof InputError ? err : new InputError(400, 'body', 'not a valid multipart form');
	});
	// the fields first (so a bad caption is named even without a file), then the photo
	const fields: Record<string, string> = {};
	for (const [k, v] of form) if (k !== 'photo' && typeof v === 'string' && v !== '') fields[k] = v;
	const parsed = parseWith(PhotoFields, fields);
	const file = form.get('photo');
	if (!(file instanceof File)) throw new InputError(400, 'photo', 'a photo file is required', 'required');
	return { photo: await checkPhoto(file), ...parsed };
}

/**
 * Adds a checked photo to a ticket as a note event with `note` as its caption: the file is stored,
 * then the event written in the ticket's transaction (`remember` keeps the Idempotency-Key's answer
 * in it); when the event is refused the file is removed again. Answers the ticket.
 */
export async function addTicketPhoto(
	id: number,
	input: { photo: Awaited<ReturnType<typeof checkPhoto>>; note: string },
	user: SessionUser,
	scope: Scope,
	remember?: Remember<Ticket>
): Promise<Ticket> {
	await getTicket(id, scope);
	const name = await storePhoto(input.photo);
	try {
		return await act(id, { action: 'note', note: input.note }, user, scope, remember, name);
	} catch (err) {
		await removePhoto(name);
		throw err;
	}
}

/** The stored name of a ticket event's photo (404 naming `eventId` when it has none; 403 out of scope). */
export async function eventPhoto(id: number, eventId: number, scope: Scope): Promise<string> {
	await getTicket(id, scope);
	const { rows } = await db().query<{ photo: string }>(eventPhotoSql, [id, eventId]);
	if (!rows[0]) throw new InputError(404, 'eventId', `event ${eventId} of ticket ${id} has no photo`);
	return rows[0].photo;
}
