import { renderList, XML_SHAPES } from '$lib/server/open311/format';
import { open311 } from '$lib/server/open311/handler';
import { listServices } from '$lib/server/open311/service';

export const GET = ({ params }) =>
	open311(params.format, async (f) => ({ body: renderList(f, XML_SHAPES.services, await listServices()) }));
