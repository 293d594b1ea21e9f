import { answer, parseId } from '$lib/server/http';
import { getPatrol } from '$lib/server/field/patrols';

export const GET = ({ params, locals }) => answer(() => getPatrol(parseId(params.id, 'id'), locals.scope!));
