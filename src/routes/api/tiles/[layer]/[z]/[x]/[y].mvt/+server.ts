// GET /api/tiles/{layer}/{z}/{x}/{y}.mvt — a vector tile, in the user's scope (see tiles/service.ts).
import { error } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { parseTileAddress } from '$lib/server/tiles/coords';
import { getTile } from '$lib/server/tiles/service';

export const GET = async ({ params, url, request, locals }) => {
	const parsed = parseTileAddress(params);
	if (!parsed.ok) error(400, parsed.message);
	const tile = parsed.tile;
	let r;
	try {
		r = await getTile(tile, locals.scope!, {
			requestedVersion: url.searchParams.get('v'),
			acceptGzip: /\bgzip\b/.test(request.headers.get('accept-encoding') ?? ''),
			ifNoneMatch: request.headers.get('if-none-match')
		});
	} catch (err) {
		return answer(() => Promise.reject(err)); // a scope refusal answers JSON {message, field}
	}
	return new Response(r.status === 304 ? null : new Uint8Array(r.body), {
		status: r.status,
		headers: r.headers
	});
};
