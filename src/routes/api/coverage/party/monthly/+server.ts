import { answer, parseQuery } from '$lib/server/http';
import { partyMonthly, PartyMonthlyQuery } from '$lib/server/coverage/service';

// the coverage rate at each month end, for the dashboard's chart
export const GET = ({ url, locals }) => {
	const q = parseQuery(PartyMonthlyQuery, url);
	return answer(() => partyMonthly(q, locals.scope!));
};
