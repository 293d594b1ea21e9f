import { answer, parseQuery } from '$lib/server/http';
import { cube, CubeQuery } from '$lib/server/analysis/cube';

export const GET = ({ url, locals }) =>
	answer(async () => {
		const bytes = await cube(parseQuery(CubeQuery, url), locals.scope!);
		return new Response(bytes, {
			headers: { 'content-type': 'application/vnd.redgrid.cube', 'cache-control': 'private, no-store' }
		});
	});
