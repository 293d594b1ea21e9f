import { answer, parseQuery } from '$lib/server/http';
import { partyCoverage, partyMap, PartyQuery } from '$lib/server/coverage/service';

// ?format=geojson answers the gaps as GeoJSON for the map layer instead of the table
export const GET = ({ url, locals }) => {
	const q = parseQuery(PartyQuery, url);
	return answer<unknown>(() =>
		q.format === 'geojson' ? partyMap(q, locals.scope!) : partyCoverage(q, locals.scope!)
	);
};
