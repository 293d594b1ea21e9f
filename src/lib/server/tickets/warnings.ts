// Warnings before a deadline (README "Tickets: warnings before a deadline"): at its category's
// warn share of the SLA (sla_rules.warn_share, default 0.75) an open ticket gets one `warned` event
// (live on the event stream) and notifications to its holder and the grid cell's supervisors
// (./notify.ts). Once: warned_at is set by the statement that picks the ticket (warn.sql).
import { withTransaction } from '../db/pool';
import { repeat } from '../repeat';
import { config } from '../config.js';
import { insertEvent } from './service';
import { notifyTicket } from '../notifications/service';
import warnSql from './warn.sql?raw';

/** A ticket warned by one run. */
export interface Warned {
	id: number;
	code: string;
	dueAt: Date;
	warnShare: number;
}

/**
 * Warns the tickets that reached their warn share and were not warned yet, at most `limit`, in one
 * transaction: warned_at, a `warned` event each and the notifications. Returns them (empty when
 * there is nothing to warn: running it again, or after a restart, warns nobody twice).
 */
export async function warnDueTickets(limit = 500): Promise<Warned[]> {
	return withTransaction(async (c) => {
		const { rows } = await c.query(warnSql, [limit]);
		for (const t of rows) {
			const note = `${Math.round(t.warnShare * 100)}% of the time used, due ${new Date(t.dueAt).toISOString()}`;
			await insertEvent(c, {
				ticketId: Number(t.id),
				districtId: t.districtId,
				kind: 'warned',
				from: t.status,
				to: t.status,
				actor: null,
				note,
				assigneeId: t.assigneeId,
				holderCompanyId: t.holderCompanyId,
				holderDepartmentId: t.holderDepartmentId
			});
			await notifyTicket(c, Number(t.id), 'warning', { code: t.code, dueAt: t.dueAt }, { supervisors: true });
		}
		return rows.map((t) => ({ id: Number(t.id), code: t.code, dueAt: t.dueAt, warnShare: t.warnShare }));
	});
}

/**
 * Runs warnDueTickets 5 s after start and then every `intervalSeconds` (REDGRID_WARNING_INTERVAL_SECONDS,
 * 60; 0 turns the job off); a failed run is logged and tried again. Returns a function that stops it.
 */
export function startWarnings(intervalSeconds = config.warningIntervalSeconds): () => void {
	if (!intervalSeconds) return () => {};
	return repeat('warnings', intervalSeconds * 1000, async () => {
		const warned = await warnDueTickets();
		if (warned.length) console.log(`warnings: ${warned.length} ticket(s) near their deadline`);
	});
}
