// The webhook signature (README "Notifications and the outbox"): HMAC-SHA256 (Node's crypto, OpenSSL)
// with the webhook's secret over `${timestamp}.${body}`, hex, sent as
// `X-RedGrid-Signature: sha256=<hex>` beside `X-RedGrid-Timestamp` (Unix seconds) and
// `X-RedGrid-Id` (the idempotency id). A receiver recomputes it over the raw body and compares in
// constant time (verifySignature), and refuses old timestamps to stop replays.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` under `secret`. */
export function signature(secret: string, timestamp: number, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Whether `header` is the signature of `body` at `timestamp` under `secret`, and the timestamp is
 * within `toleranceS` seconds of `now` (Unix seconds). Constant-time comparison.
 */
export function verifySignature(
	secret: string,
	timestamp: number,
	body: string,
	header: string,
	now = Math.floor(Date.now() / 1000),
	toleranceS = 300
): boolean {
	if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > toleranceS) return false;
	const want = Buffer.from(signature(secret, timestamp, body));
	const got = Buffer.from(header);
	return want.length === got.length && timingSafeEqual(want, got);
}

/** How long to wait before attempt `attempts + 1` after `attempts` failed ones: 2^(n-1) s, at most 10 min. */
export const backoffSeconds = (attempts: number): number => Math.min(600, 2 ** Math.max(0, attempts - 1));
