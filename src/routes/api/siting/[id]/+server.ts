// GET /api/siting/{id}: the run's status, progress and result (?demand=1 adds every building's
// state for the map); {id}.geojson / {id}.csv (or ?format=) export the proposed sites.
import { json } from '@sveltejs/kit';
import { InputError } from '$lib/server/http';
import { exportRun, getRun } from '$lib/server/siting/service';
import { parseRunPath } from '$lib/server/siting/export';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, url, locals }) => {
	try {
		const path = parseRunPath(params.id, url.searchParams.get('format'));
		if ('field' in path) throw new InputError(400, path.field, path.message);
		if (path.format === 'json')
			return json(await getRun(path.id, locals.user!, { demand: url.searchParams.get('demand') === '1' }));
		const file = await exportRun(path.id, locals.user!, path.format);
		return new Response(file.body, {
			headers: { 'content-type': file.type, 'content-disposition': `attachment; filename="${file.name}"` }
		});
	} catch (e) {
		if (e instanceof InputError) return json({ message: e.message, field: e.field }, { status: e.status });
		throw e;
	}
};
