import { answer, parseId } from '$lib/server/http';
import { photoResponse } from '$lib/server/media/photos';
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
		const res = await photoResponse(name, 'eventId');
		await recordPersonalReads(locals.user!, 'GET /api/tickets/[id]/photos/[eventId]', [{ id }], true);
		return res;
	});
