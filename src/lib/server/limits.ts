// Request body limits, applied by the hooks to every request before any route reads its body.
// adapter-node's BODY_SIZE_LIMIT is only the hard cap (the largest import file); each route gets
// the small default (REDGRID_BODY_LIMIT_KB) unless it takes a file.
import { config } from './config.js';
import { InputError } from './http';

const MB = 1024 * 1024;

/** Routes that take a file, by SvelteKit route id and method: their own limit in bytes. */
const LARGER: Record<string, () => number> = {
	'POST /api/import/[layer]': () => config.importMaxMb * MB + MB, // the file and the form around it
	'POST /api/tickets': () => 6 * MB, // a photo (5 MB, src/lib/server/media/photos.ts) and the fields
	'POST /open311/v2/requests.[format]': () => 6 * MB, // a photo (media) and the fields
	'POST /api/tickets/[id]/photos': () => 6 * MB, // a photo taken in the field and its caption
	'POST /api/siting': () => 8 * MB // up to 20,000 candidate points as GeoJSON
};

/** The largest body, in bytes, a route takes. */
export function bodyLimit(routeId: string | null, method: string): number {
	const larger = LARGER[`${method} ${routeId}`];
	return larger ? larger() : config.bodyLimitKb * 1024;
}

const tooLarge = (max: number) =>
	new InputError(
		413,
		'body',
		`at most ${max >= MB ? `${Math.round(max / MB)} MB` : `${Math.round(max / 1024)} KB`} on this route`,
		'body_too_large',
		{ max }
	);

/**
 * A request whose body may not exceed `max` bytes: refused at once when Content-Length says more
 * (413 InputError), else its body stream errors with the InputError once more bytes arrive, which
 * the route's body reader (request.json(), formData()...) rethrows.
 */
export function limitBody(request: Request, max: number): Request {
	if (!request.body) return request;
	const declared = Number(request.headers.get('content-length'));
	if (declared > max) throw tooLarge(max);
	let seen = 0;
	const counted = request.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				seen += chunk.byteLength;
				if (seen > max) controller.error(tooLarge(max));
				else controller.enqueue(chunk);
			}
		})
	);
	return new Request(request, { body: counted, duplex: 'half' } as RequestInit);
}
