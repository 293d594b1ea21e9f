import { answer, InputError, parseId } from '$lib/server/http';
import { photoResponse } from '$lib/server/media/photos';
import { ticketPhoto } from '$lib/server/tickets/service';
import { recordPersonalReads } from '$lib/server/privacy/reads';

/**
 * The ticket's photo: 404 when the ticket or its photo does not exist, 403 outside the caller's scope.
 * Sending it is audited (PIPL: a resident's photo).
 */
export const GET = ({ params, locals }) =>
	answer(async () => {
		const id = parseId(params.id, 'id');
		const name = await ticketPhoto(id, locals.scope!);
		if (!name) throw new InputError(404, 'id', 'this ticket has no photo');
		const res = await photoResponse(name, 'id');
		await recordPersonalReads(locals.user!, 'GET /api/tickets/[id]/photo', [{ id }], true);
		return res;
	});
