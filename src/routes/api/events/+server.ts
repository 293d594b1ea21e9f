import { decodeCursor, eventStream } from '$lib/server/tickets/events';
import { InputError } from '$lib/server/http';

/** Server-Sent Events of ticket changes in the user's scope; resumes after Last-Event-ID. */
export const GET = async ({ request, url, locals }) => {
	const raw = request.headers.get('last-event-id') ?? url.searchParams.get('since');
	const since = raw ? decodeCursor(raw) : undefined;
	if (raw && !since)
		throw new InputError(
			400,
			'Last-Event-ID',
			`"${raw.slice(0, 40)}" is not an event id of this feed`,
			'invalid_format'
		);
	const stream = await eventStream(locals.scope!, since, request.signal);
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
};
