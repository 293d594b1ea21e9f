import { answer, parseId } from '$lib/server/http';
import { replay } from '$lib/server/outbox/webhooks';

export const _schema = { POST: null };

/** Sends a dead-lettered message again, with the same idempotency id. */
export const POST = ({ params }) => answer(() => replay(parseId(params.id, 'id')));
