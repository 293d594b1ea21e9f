import { answer, parseQuery } from '$lib/server/http';
import { CoverageQuery, patrolCoverage } from '$lib/server/field/patrols';

export const GET = ({ url, locals }) =>
	answer(() => patrolCoverage(parseQuery(CoverageQuery, url).days, locals.scope!));
