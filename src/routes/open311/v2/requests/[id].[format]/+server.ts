import { renderList, XML_SHAPES } from '$lib/server/open311/format';
import { open311 } from '$lib/server/open311/handler';
import { getRequest, readerOf } from '$lib/server/open311/service';

export const GET = ({ params, locals, url }) =>
	open311(params.format, async (f) => ({
		body: renderList(
			f,
			XML_SHAPES.requests,
			await getRequest(params.id, readerOf(locals.user, locals.scope, url.origin))
		)
	}));
