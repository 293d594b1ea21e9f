import { answer, parseQuery } from '$lib/server/http';
import { facilityCoverage, facilityMap, FacilityQuery } from '$lib/server/coverage/service';

// ?format=geojson answers the gaps as GeoJSON for the map layer instead of the table
export const GET = ({ url, locals }) => {
	const q = parseQuery(FacilityQuery, url);
	return answer<unknown>(() =>
		q.format === 'geojson' ? facilityMap(q, locals.scope!) : facilityCoverage(q, locals.scope!)
	);
};
