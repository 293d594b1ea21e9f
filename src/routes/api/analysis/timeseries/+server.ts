import { answer, parseQuery } from '$lib/server/http';
import { timeseries, TimeseriesQuery } from '$lib/server/analysis/dashboard';

export const GET = ({ url, locals }) =>
	answer(() => timeseries(parseQuery(TimeseriesQuery, url), locals.scope!));
