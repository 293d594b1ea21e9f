// Whether an error means the database is unreachable (stopped, restarting, refusing, network gone),
// as opposed to a fault of the query: such requests answer 503 with Retry-After, and the pool
// reconnects by itself on the next request once the server is back.

/** Seconds a client is told to wait before retrying while the database is unreachable. */
export const RETRY_AFTER_S = 5;

// node's socket errors, and PostgreSQL's connection-exception class (08) and shutdown codes (57P0x)
const SOCKET_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EHOSTUNREACH'
]);
const PG_CODES = /^(08|57P0[1-4])/;
const MESSAGES =
	/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|Cannot use a pool after calling end/i;

/** True when err (or its cause, or any error of an AggregateError) says the database cannot be reached. */
export function isOutage(err: unknown, depth = 0): boolean {
	if (!err || typeof err !== 'object' || depth > 3) return false;
	const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
	if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || PG_CODES.test(e.code))) return true;
	if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
	if (Array.isArray(e.errors) && e.errors.some((x) => isOutage(x, depth + 1))) return true;
	return isOutage(e.cause, depth + 1);
}
