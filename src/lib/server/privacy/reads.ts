// Personal data (PIPL, 个人信息保护法): who was given a resident's name, phone or photo, recorded in
// the audit log (action `personal_read`, entity `ticket`, the fields in `after`, the route in `note`).
// Every route that hands out a ticket's reporter or photo calls recordPersonalReads; the ticket
// list carries neither (masked), so reading them always leaves a row.
import type { SessionUser } from '../auth/roles';
import { db } from '../db/pool';
import recordSql from './record-reads.sql?raw';

/** The part of a ticket that holds a resident's personal data. */
export interface PersonalFields {
	id: number;
	reporterName?: string | null;
	reporterPhone?: string | null;
}

/** Which personal fields a ticket as given out carries (masked values such as 138****1234 do not count). */
export function personalFields(t: PersonalFields, photo = false): string[] {
	const given = (v: string | null | undefined) => !!v && !v.includes('*');
	const fields: string[] = [];
	if (given(t.reporterName)) fields.push('reporter_name');
	if (given(t.reporterPhone)) fields.push('reporter_phone');
	if (photo) fields.push('photo');
	return fields;
}

/**
 * Records that `reader` was given the personal data of `tickets` through `route` (a route id such
 * as `GET /api/tickets/[id]`): one audit row per ticket that carries any (`photo`: the photo was
 * sent). Tickets without a reporter's name or phone leave no row. Resolves when written, so a
 * failed write fails the request rather than hand out data unrecorded.
 */
export async function recordPersonalReads(
	reader: SessionUser,
	route: string,
	tickets: PersonalFields[],
	photo = false
): Promise<void> {
	const rows = tickets
		.map((t) => ({ id: t.id, fields: personalFields(t, photo) }))
		.filter((r) => r.fields.length > 0);
	if (!rows.length) return;
	await db().query(recordSql, [reader.id, route, JSON.stringify(rows)]);
}
