import { answer, parseQuery } from '$lib/server/http';
import { density, DensityQuery } from '$lib/server/analysis/density';

export const GET = ({ url, locals }) => answer(() => density(parseQuery(DensityQuery, url), locals.scope!));
