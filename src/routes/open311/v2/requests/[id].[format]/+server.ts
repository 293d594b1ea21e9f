import { renderList, XML_SHAPES } from '$lib/server/open311/format';
import { open311 } from '$lib/server/open311/handler';
import { getRequest } from '$lib/server/open311/service';

export const GET = ({ params, locals }) =>
	open311(params.format, async (f) => ({
		body: renderList(f, XML_SHAPES.requests, await getRequest(params.id, locals.user!, locals.scope!))
	}));
