// GET /api/features/{layer}/{id} — one map feature's details for the side panel, in the user's scope.
import { answer, parseId, parseLayer } from '$lib/server/http';
import { featureDetails } from '$lib/server/features/service';

export const GET = ({ params, locals }) =>
	answer(() => featureDetails(parseLayer(params.layer), parseId(params.id, 'id'), locals.scope!));
