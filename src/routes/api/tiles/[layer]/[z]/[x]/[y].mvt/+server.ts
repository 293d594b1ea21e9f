// GET /api/tiles/{layer}/{z}/{x}/{y}.mvt — a vector tile, in the user's scope (see tiles/service.ts).
import { InputError } from '$lib/server/http';
import { parseTileAddress } from '$lib/server/tiles/coords';
import { getTile } from '$lib/server/tiles/service';

export const GET = async ({ params, url, request, locals }) => {
	const parsed = parseTileAddress(params);
	if (!parsed.ok) {
		const [field, ...rest] = parsed.message.split(': ');
		throw new InputError(400, field, rest.join(': '));
	}
	const r = await getTile(parsed.tile, locals.scope!, {
		requestedVersion: url.searchParams.get('v'),
		acceptGzip: /\bgzip\b/.test(request.headers.get('accept-encoding') ?? ''),
		ifNoneMatch: request.headers.get('if-none-match')
	});
	return new Response(r.status === 304 ? null : new Uint8Array(r.body), {
		status: r.status,
		headers: r.headers
	});
};
