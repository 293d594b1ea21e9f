import { answer, InputError, parseId } from '$lib/server/http';
import { readPhoto } from '$lib/server/media/photos';
import { eventPhoto } from '$lib/server/tickets/photos';

/** The photo of one event of the ticket (a photo taken in the field): 404 naming `eventId` without one. */
export const GET = ({ params, locals }) =>
	answer(async () => {
		const name = await eventPhoto(
			parseId(params.id, 'id'),
			parseId(params.eventId, 'eventId'),
			locals.scope!
		);
		const { bytes, type } = await readPhoto(name).catch((err) => {
			if ((err as { code?: string }).code === 'ENOENT')
				throw new InputError(404, 'eventId', 'the photo file is missing');
			throw err;
		});
		return new Response(new Uint8Array(bytes), {
			headers: {
				'content-type': type,
				'cache-control': 'private, max-age=86400',
				'x-content-type-options': 'nosniff'
			}
		});
	});
