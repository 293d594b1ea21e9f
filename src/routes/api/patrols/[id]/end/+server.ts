import { answer, parseId } from '$lib/server/http';
import { endPatrol } from '$lib/server/field/patrols';

/** Takes no body. */
export const _schema = { POST: null };

export const POST = ({ params, locals }) => answer(() => endPatrol(parseId(params.id, 'id'), locals.user!));
