import { answer, parseQuery } from '$lib/server/http';
import { stewardCoverage, stewardMap, StewardQuery } from '$lib/server/coverage/service';

// ?format=geojson answers the gaps as GeoJSON for the map layer instead of the table
export const GET = ({ url, locals }) => {
	const q = parseQuery(StewardQuery, url);
	return answer<unknown>(() =>
		q.format === 'geojson' ? stewardMap(q, locals.scope!) : stewardCoverage(q, locals.scope!)
	);
};
