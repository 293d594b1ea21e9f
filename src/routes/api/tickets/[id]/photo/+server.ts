import { error } from '@sveltejs/kit';
import { parseId } from '$lib/server/http';
import { readPhoto } from '$lib/server/media/photos';
import { ticketPhoto } from '$lib/server/tickets/service';

export const GET = async ({ params, locals }) => {
	const name = await ticketPhoto(parseId(params.id, 'id'), locals.scope!);
	if (!name) error(404, 'this ticket has no photo');
	const { bytes, type } = await readPhoto(name);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': type,
			'cache-control': 'private, max-age=86400',
			'x-content-type-options': 'nosniff'
		}
	});
};
