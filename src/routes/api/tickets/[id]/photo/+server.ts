import { answer, InputError, parseId } from '$lib/server/http';
import { readPhoto } from '$lib/server/media/photos';
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
		const { bytes, type } = await readPhoto(name).catch((err) => {
			if ((err as { code?: string }).code === 'ENOENT')
				throw new InputError(404, 'id', 'the photo file is missing');
			throw err;
		});
		await recordPersonalReads(locals.user!, 'GET /api/tickets/[id]/photo', [{ id }], true);
		return new Response(new Uint8Array(bytes), {
			headers: {
				'content-type': type,
				'cache-control': 'private, max-age=86400',
				'x-content-type-options': 'nosniff'
			}
		});
	});
