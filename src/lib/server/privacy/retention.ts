// Retention of residents' phone numbers (PIPL: kept no longer than needed): a finished ticket's
// reporter phone is erased REDGRID_PHONE_RETENTION_DAYS (730, two years) after it was closed or
// rejected, by a job the app runs at start and every REDGRID_RETENTION_INTERVAL_MINUTES (360).
// Each run that erases writes one audit row (action `phone_erase`) with the tickets it changed. The
// answers kept for retries (Idempotency-Key), which carry a ticket with its reporter, are deleted
// after ANSWER_DAYS. The same job drops the stored figures nobody asked for in a day (snapshot.ts).
import { config } from '../config.js';
import { withTransaction } from '../db/pool';
import { repeat } from '../repeat';
import { writeAudit } from '../audit/log';
import { forgetOldFigures } from '../analysis/snapshot';
import eraseSql from './erase-phones.sql?raw';
import forgetSql from './forget-answers.sql?raw';

const BATCH = 5000;
/** Days the first answers of idempotent requests are kept (retries come within 72 h). */
export const ANSWER_DAYS = 30;

/** Deletes the stored retry answers older than ANSWER_DAYS; returns how many. */
export async function forgetOldAnswers(days = ANSWER_DAYS): Promise<number> {
	const { rows } = await withTransaction((c) => c.query<{ n: number }>(forgetSql, [days]));
	return rows[0].n;
}

/**
 * Erases the reporter phones past their retention (`days` after the ticket was closed or rejected),
 * in batches of 5,000, each with its audit row. Returns the ids of the tickets changed.
 */
export async function erasePhones(days = config.phoneRetentionDays): Promise<number[]> {
	const erased: number[] = [];
	for (;;) {
		const ids = await withTransaction(async (c) => {
			const { rows } = await c.query<{ id: string | number }>(eraseSql, [days, BATCH]);
			const batch = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
			if (batch.length)
				await writeAudit(c, {
					actorUserId: null,
					action: 'phone_erase',
					entity: 'ticket',
					entityId: null,
					after: { tickets: batch, retentionDays: days },
					note: `reporter phones of ${batch.length} ticket(s) finished over ${days} days ago erased`
				});
			return batch;
		});
		for (const id of ids) erased.push(id);
		if (ids.length < BATCH) return erased;
	}
}

/**
 * Runs erasePhones 5 s after start and then every `intervalMinutes`; a run that fails (database
 * down) is logged and tried again next time. Returns a function that stops it.
 */
export function startRetention(intervalMinutes = config.retentionIntervalMinutes): () => void {
	return repeat('retention', intervalMinutes * 60_000, async () => {
		const ids = await erasePhones();
		await forgetOldAnswers();
		await forgetOldFigures(); // not a personal-data rule: the stored figures nobody asked for in a day
		if (ids.length) console.log(`retention: erased the reporter phone of ${ids.length} finished ticket(s)`);
	});
}
