import { json } from '@sveltejs/kit';
import { health, reachable } from '$lib/server/health/service';

/**
 * Up or down: anonymous callers (load balancers) learn only that, {status: 'ok'} or 503
 * {status: 'down'}; signed-in users and API keys also get the versions and the row counts.
 */
export const GET = async ({ locals }) => {
	if (!locals.user) {
		const up = await reachable();
		return json(
			{ status: up ? 'ok' : 'down' },
			{ status: up ? 200 : 503, headers: up ? {} : { 'retry-after': '5' } }
		);
	}
	return json(await health());
};
