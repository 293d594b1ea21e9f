import { renderDefinition } from '$lib/server/open311/format';
import { open311 } from '$lib/server/open311/handler';
import { serviceDefinition } from '$lib/server/open311/service';

export const GET = ({ params }) =>
	open311(params.format, async (f) => ({
		body: renderDefinition(f, await serviceDefinition(params.service_code))
	}));
