import { answer, parseQuery } from '$lib/server/http';
import { DeadQuery, deadLetters } from '$lib/server/outbox/webhooks';

export const _schema = { GET: DeadQuery };

/** The dead-letter list: messages that failed every attempt. */
export const GET = ({ url }) => answer(() => deadLetters(parseQuery(DeadQuery, url).limit));
