import { answer, parseQuery } from '$lib/server/http';
import { patrolCoverage, patrolMap, PatrolQuery } from '$lib/server/coverage/service';

// ?format=geojson answers the gaps as GeoJSON for the map layer instead of the table
export const GET = ({ url, locals }) => {
	const q = parseQuery(PatrolQuery, url);
	return answer<unknown>(() =>
		q.format === 'geojson' ? patrolMap(q, locals.scope!) : patrolCoverage(q, locals.scope!)
	);
};
