// The append-only audit log: every edit, account change, key issue / revocation and login. Writers
// pass the transaction's client so that a change that fails leaves no log row.
import type { Queryable } from '../db/pool';
import { db } from '../db/pool';
import { toCsv } from '$lib/csv';
import type { AuditEntry as AuditRowOf } from '$lib/api-types';
import listSql from './list.sql?raw';

export interface AuditEntry {
	actorUserId: number | null;
	action: string;
	entity: string;
	entityId: number | null;
	before?: unknown;
	after?: unknown;
	note?: string | null;
}

export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
	await q.query(
		`INSERT INTO audit_log (actor_user_id, action, entity, entity_id, before, after, note)
		 VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)`,
		[
			e.actorUserId,
			e.action,
			e.entity,
			e.entityId,
			e.before === undefined ? null : JSON.stringify(e.before),
			e.after === undefined ? null : JSON.stringify(e.after),
			e.note ?? null
		]
	);
}

/** A row of the audit log (the API's shape, times still Date until serialised). */
export type AuditRow = AuditRowOf<Date | string>;

export interface AuditFilter {
	entity?: string;
	entityId?: number;
	actor?: string;
	action?: string;
	from?: string;
	to?: string;
	before?: number;
	limit?: number;
}

/** Newest first, keyset-paged by `before` (an id). */
export async function listAudit(f: AuditFilter): Promise<AuditRow[]> {
	const { rows } = await db().query<AuditRow>(listSql, [
		f.entity ?? null,
		f.entityId ?? null,
		f.actor ?? null,
		f.action ?? null,
		f.from ?? null,
		f.to ?? null,
		f.before ?? null,
		f.limit ?? 200
	]);
	return rows;
}

/** Fields whose values differ between two row snapshots (what an edit changed). */
export function changedFields(
	before: Record<string, unknown> | null,
	after: Record<string, unknown> | null
): string[] {
	const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
	return [...keys]
		.filter((k) => k !== 'version' && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]))
		.sort();
}

/** The audit rows as CSV (the app's one writer: BOM, Beijing times, formulas neutralised). */
export function auditCsv(rows: AuditRow[]): string {
	const head = ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'changed', 'before', 'after', 'note'];
	const lines = rows.map((r) => [
		r.id,
		new Date(r.at),
		r.actor,
		r.action,
		r.entity,
		r.entityId,
		changedFields(r.before, r.after).join(' '),
		r.before,
		r.after,
		r.note
	]);
	return toCsv(head, lines);
}
