import { error } from '@sveltejs/kit';
import { answer, parseId } from '$lib/server/http';
import { readPhoto } from '$lib/server/media/photos';
import { ticketPhoto } from '$lib/server/tickets/service';

export const GET = async ({ params, locals }) => {
	const id = parseId(params.id, 'id');
	let name: string | null;
	try {
		name = await ticketPhoto(id, locals.scope!);
	} catch (err) {
		return answer(() => Promise.reject(err)); // 404 unknown ticket, 403 outside the scope: JSON {message, field}
	}
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
