// GET /api/siting/grid?areaId=&spacing=: the grid candidates a run would use, as [lon, lat].
import { answer, parseQuery } from '$lib/server/http';
import { GridQuery, gridPreview } from '$lib/server/siting/context';

export const GET = ({ url, locals }) => answer(() => gridPreview(parseQuery(GridQuery, url), locals.scope!));
