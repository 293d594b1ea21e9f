import { answer, parseQuery } from '$lib/server/http';
import { dashboard, DashboardQuery } from '$lib/server/analysis/dashboard';

export const GET = ({ url, locals }) =>
	answer(() => dashboard(parseQuery(DashboardQuery, url), locals.scope!));
