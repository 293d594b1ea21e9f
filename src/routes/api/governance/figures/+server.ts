// GET /api/governance/figures?area=&days=&quarters= — owners' committees and joint meetings of an area
import { answer, parseQuery } from '$lib/server/http';
import { FiguresQuery, governanceFigures } from '$lib/server/governance/service';

export const GET = ({ url, locals }) => {
	const q = parseQuery(FiguresQuery, url);
	return answer(() => governanceFigures(q, locals.scope!));
};
