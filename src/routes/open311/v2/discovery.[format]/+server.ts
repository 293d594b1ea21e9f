import { renderDiscovery } from '$lib/server/open311/format';
import { open311 } from '$lib/server/open311/handler';
import { discovery } from '$lib/server/open311/service';

export const GET = ({ params, url }) =>
	open311(params.format, async (f) => ({ body: renderDiscovery(f, discovery(url.origin)) }));
