import { answer, InputError, parseId } from '$lib/server/http';
import { readPhoto } from '$lib/server/media/photos';
import { eventPhoto } from '$lib/server/tickets/photos';
import { recordPersonalReads } from '$lib/server/privacy/reads';

/**
 * The photo of one event of the ticket (a photo taken in the field): 404 naming `eventId` without one.
 * Sending it is audited like the ticket's own photo (PIPL: it may show residents).
 */
export const GET = ({ params, locals }) =>
	answer(async () => {
		const id = parseId(params.id, 'id');
		const name = await eventPhoto(id, parseId(params.eventId, 'eventId'), locals.scope!);
		const { bytes, type } = await readPhoto(name).catch((err) => {
			if ((err as { code?: string }).code === 'ENOENT')
				throw new InputError(404, 'eventId', 'the photo file is missing');
			throw err;
		});
		await recordPersonalReads(locals.user!, 'GET /api/tickets/[id]/photos/[eventId]', [{ id }], true);
		return new Response(new Uint8Array(bytes), {
			headers: {
				'content-type': type,
				'cache-control': 'private, max-age=86400',
				'x-content-type-options': 'nosniff'
			}
		});
	});
