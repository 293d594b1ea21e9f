// Upstream sync (README "Upstream sync"): a 12345 / 城运 platform pushes its tickets in with its own
// id, idempotently — the same (source, externalId) is one ticket, a repeated push answers it again
// and creates nothing, the same id with other fields is a 409 naming externalId — and hears their
// status changes back through a webhook registered with its `source` (the outbox).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { SessionUser } from '../auth/roles';
import { InputError, parseWith } from '../http';
import { decimal, text } from '../input';
import { TICKET_CATEGORIES } from '../../codes';
import { createTicket, NewTicket } from './service';
import { placeOf } from './intake';

export const UpstreamTicket = z
	.object({
		/** the upstream platform (lower-case letters, digits, _ and -) */
		source: z.string().regex(/^[a-z0-9_-]{1,40}$/, '1–40 of a-z 0-9 _ -'),
		/** its id of the ticket (visible ASCII) */
		externalId: z.string().regex(/^[\x21-\x7e]{1,100}$/, '1–100 visible ASCII characters'),
		category: z.enum(TICKET_CATEGORIES),
		description: text({ max: 4000, multiline: true }),
		lon: decimal(z.number().min(-180).max(180)).optional(),
		lat: decimal(z.number().min(-90).max(90)).optional(),
		/** the place as text, when the platform has no coordinates (located by the address lookup) */
		address: text({ max: 200 }).optional(),
		addressDetail: text({ max: 100 }).optional(),
		reporterName: text({ max: 50 }).optional(),
		reporterPhone: z.string().optional()
	})
	.strict();

/** SHA-256 of the push's fields, sorted by name: what a repeated push must say again. */
export function pushFingerprint(v: Record<string, unknown>): string {
	const sorted = Object.fromEntries(
		Object.entries(v)
			.filter(([, x]) => x !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : 1))
	);
	return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * Files (or answers again) an upstream ticket. 400 naming the field for bad input (no place: `lon`;
 * an address that is not one place: `address`), 409 naming `externalId` for an id pushed before
 * with other fields. Answers createTicket's result, `replayed` when it existed already.
 */
export async function pushTicket(raw: unknown, user: SessionUser) {
	const v = parseWith(UpstreamTicket, raw);
	let { lon, lat } = v;
	let detail = v.addressDetail;
	if (lon === undefined || lat === undefined) {
		if (v.address === undefined) throw new InputError(400, 'lon', 'give lon and lat, or an address');
		const p = await placeOf(v.address, 'address');
		[lon, lat] = [p.lon, p.lat];
		detail ??= p.detail?.slice(0, 100) || undefined;
	}
	const data = parseWith(NewTicket, {
		category: v.category,
		description: v.description,
		lon,
		lat,
		addressDetail: detail,
		reporterName: v.reporterName,
		reporterPhone: v.reporterPhone
	});
	return createTicket(data, user, 'hotline', {
		external: { source: v.source, id: v.externalId, fingerprint: pushFingerprint(v) }
	});
}
