import { decodeCursor, eventStream } from '$lib/server/tickets/events';
import { InputError } from '$lib/server/http';
import { credentialUser } from '$lib/server/auth/sessions';
import { scopeOf } from '$lib/server/auth/roles';

/**
 * Server-Sent Events of ticket changes in the user's scope; resumes after Last-Event-ID. The stream
 * ends (an `end` event, then closed) within moments of its session or key ending (sign-out, password
 * change or reset, key revoked, user disabled) or its scope changing.
 */
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
	const credential = locals.credential;
	const scope = JSON.stringify(locals.scope);
	const stream = await eventStream(locals.scope!, since, request.signal, {
		userId: locals.user?.id,
		stillAllowed: credential
			? async () => {
					const user = await credentialUser(credential);
					return user !== null && JSON.stringify(scopeOf(user)) === scope;
				}
			: undefined
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
};
