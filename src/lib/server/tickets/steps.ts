// The steps of 12345 practice (README "Tickets: the steps of 12345 practice", migration 351): what
// each step writes besides the status and its event, inside the action's transaction. The workflow
// rules (who, from which state, what is needed) are decided before, by `decide` of
// src/lib/tickets/workflow.ts; here are the checks that need the database and the writes.
import type pg from 'pg';
import type { Scope, SessionUser } from '../auth/roles';
import { ticketInScope } from '../auth/scope';
import { CALLBACK_ATTEMPTS, type ActionInput } from '../../tickets/workflow';
import { addWorkingMs, workingMsBetween } from './sla';
import extensionRequestSql from './extension-request.sql?raw';
import extensionDecideSql from './extension-decide.sql?raw';
import callbackRecordSql from './callback-record.sql?raw';
import callbackQueueSql from './callback-queue.sql?raw';
import moveDeadlinesSql from './move-deadlines.sql?raw';
import { TicketError, workingCalendar, type Ticket } from './service';
import { notifyReporters, notifyTicket } from '../notifications/service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An event the step writes on another ticket (the master of a merge, the duplicates of a closed master). */
export interface OtherEvent {
	ticketId: number;
	kind: 'note' | 'master_closed';
	note: string;
}

/**
 * Moves every deadline of ticket `t` that is still running by `ms` of working time on the calendar
 * (addWorkingMs): the resolve deadline always, the sign-for deadline (accept_due_at) while the
 * sign-for stage runs, i.e. the ticket was never signed for (no `accepted` event; the stage's rule,
 * src/lib/tickets/stages.ts). Clears warned_at. Answers the new deadlines, the sign-for one null
 * when it did not move.
 */
async function moveDeadlines(
	c: pg.PoolClient,
	t: Ticket,
	ms: number
): Promise<{ dueAt: Date; acceptDueAt: Date | null }> {
	const calendar = await workingCalendar(c);
	const signing = (
		await c.query(
			`SELECT NOT EXISTS (SELECT 1 FROM ticket_events WHERE ticket_id = $1 AND kind = 'accepted') AS running`,
			[t.id]
		)
	).rows[0].running as boolean;
	const dueAt = addWorkingMs(calendar, new Date(t.dueAt), ms);
	const acceptDueAt = signing ? addWorkingMs(calendar, new Date(t.acceptDueAt), ms) : null;
	await c.query(moveDeadlinesSql, [t.id, dueAt, acceptDueAt]);
	return { dueAt, acceptDueAt };
}

/** ", sign for by …" when the sign-for deadline moved too (the event's note). */
const signForNote = (acceptDueAt: Date | null) =>
	acceptDueAt ? `, sign for by ${acceptDueAt.toISOString()}` : '';

/**
 * Runs the database side of a step on locked ticket `t` (decided already) and answers what to add
 * to its event's note and events for other tickets. Throws TicketError naming the field: `days`
 * past the category's maximum (422 extension_max); `masterId` the ticket itself (400 merge_self),
 * unknown (404), outside the scope (403) or no longer open (409 merge_closed).
 */
export async function applyStep(
	c: pg.PoolClient,
	t: Ticket,
	input: ActionInput,
	user: SessionUser,
	scope: Scope
): Promise<{ note: string | null; others: OtherEvent[] }> {
	const now: Date = (await c.query('SELECT now() AS now')).rows[0].now;
	switch (input.action) {
		case 'extend': {
			const { rows } = await c.query(
				'SELECT max_extension_working_days AS max FROM sla_rules WHERE category = $1',
				[t.category]
			);
			const max = Number(rows[0]?.max ?? 10);
			if (input.days! > max)
				throw new TicketError(
					422,
					'days',
					`one extension may ask for at most ${max} working days`,
					undefined,
					{
						reason: 'extension_max',
						max
					}
				);
			await c.query(extensionRequestSql, [t.id, input.days, input.reason, user.id, t.dueAt]);
			return { note: `+${input.days} working days asked`, others: [] };
		}
		case 'approve_extension': {
			const x = (
				await c.query(
					`SELECT working_days FROM ticket_extensions WHERE ticket_id = $1 AND status = 'pending'`,
					[t.id]
				)
			).rows[0];
			const { dueAt, acceptDueAt } = await moveDeadlines(c, t, x.working_days * DAY);
			await c.query(extensionDecideSql, [t.id, 'approved', user.id, input.note ?? null, dueAt]);
			return {
				note: `+${x.working_days} working days, due ${dueAt.toISOString()}${signForNote(acceptDueAt)}`,
				others: []
			};
		}
		case 'refuse_extension':
			await c.query(extensionDecideSql, [t.id, 'refused', user.id, input.reason, null]);
			return { note: null, others: [] };
		case 'suspend':
			await c.query('UPDATE tickets SET suspended_at = $2 WHERE id = $1', [t.id, now]);
			return { note: null, others: [] };
		case 'resume': {
			const stood = workingMsBetween(await workingCalendar(c), new Date(t.suspendedAt!), now);
			await c.query('UPDATE tickets SET suspended_at = NULL WHERE id = $1', [t.id]);
			const { dueAt, acceptDueAt } = await moveDeadlines(c, t, stood);
			const hours = Math.round((stood / HOUR) * 10) / 10;
			return {
				note: `clock stood ${hours} working hours, due ${dueAt.toISOString()}${signForNote(acceptDueAt)}`,
				others: []
			};
		}
		case 'merge': {
			const masterId = input.masterId!;
			if (masterId === Number(t.id))
				throw new TicketError(400, 'masterId', 'a ticket cannot be merged into itself', undefined, {
					reason: 'merge_self'
				});
			const { rows } = await c.query(
				`SELECT id, code, status, ticket_is_open(status) AS open FROM tickets WHERE id = $1 FOR UPDATE`,
				[masterId]
			);
			if (!rows[0]) throw new TicketError(404, 'masterId', `ticket ${masterId} does not exist`);
			if (!(await ticketInScope(c, scope, masterId)))
				throw new TicketError(403, 'masterId', `ticket ${masterId} is outside your scope`, undefined, {
					reason: 'outside_scope'
				});
			if (!rows[0].open)
				throw new TicketError(409, 'masterId', `ticket ${rows[0].code} is ${rows[0].status}`, undefined, {
					reason: 'merge_closed',
					status: rows[0].status
				});
			await c.query('UPDATE tickets SET merged_into = $2, suspended_at = NULL WHERE id = $1', [
				t.id,
				masterId
			]);
			return {
				note: `into ${rows[0].code}`,
				others: [{ ticketId: masterId, kind: 'note', note: `merged ${t.code} into this ticket` }]
			};
		}
		case 'callback': {
			// a callback of a ticket that was not queued enters the queue first (so a miss waits for a retry)
			await c.query('INSERT INTO ticket_callbacks (ticket_id) VALUES ($1) ON CONFLICT DO NOTHING', [t.id]);
			const { rows } = await c.query<{ attempts: number; done: boolean }>(callbackRecordSql, [
				t.id,
				user.id,
				input.reached,
				input.reached ? input.satisfied : null,
				input.note ?? null,
				CALLBACK_ATTEMPTS
			]);
			const { attempts, done } = rows[0];
			const missed = `not reached (attempt ${attempts} of ${CALLBACK_ATTEMPTS})`;
			return {
				note: input.reached
					? input.satisfied
						? 'reached, satisfied'
						: 'reached, not satisfied: reopened'
					: done
						? `${missed}: unreachable, leaves the callback queue`
						: `${missed}: stays in the callback queue`,
				others: []
			};
		}
		case 'close': {
			await c.query(callbackQueueSql, [t.id]);
			// each duplicate merged into it is closed with it: a master_closed event each (one outbox
			// ticket event per merged ticket); their reporters are told after (notifyAfter)
			const { rows } = await c.query<{ id: string }>('SELECT id FROM tickets WHERE merged_into = $1', [t.id]);
			return {
				note: null,
				others: rows.map((r) => ({
					ticketId: Number(r.id),
					kind: 'master_closed' as const,
					note: `master ${t.code} closed`
				}))
			};
		}
		default:
			return { note: null, others: [] };
	}
}

/**
 * The notifications an action sends, after the ticket changed (so the new holder is told): a new
 * holder of a dispatch or reassignment (and the grid cell's worker, kept informed, when an
 * organisation holds it), the holder of a 督办, of an extension decision and of a ticket reopened by
 * a not-satisfied callback; and, on closing, the users who reported it or a duplicate merged into it
 * (notifyReporters; `actorId`, the acting user, is not told).
 */
export async function notifyAfter(
	c: pg.PoolClient,
	t: Ticket,
	input: ActionInput,
	changed: { status: string; holderCompanyId: number | null; holderDepartmentId: number | null },
	actorId: number
): Promise<void> {
	const id = Number(t.id);
	const base = { code: t.code, status: changed.status };
	switch (input.action) {
		case 'dispatch':
		case 'reassign':
			await notifyTicket(c, id, 'assigned', base, {
				worker: changed.holderCompanyId != null || changed.holderDepartmentId != null
			});
			return;
		case 'supervise':
			await notifyTicket(c, id, 'supervised', base);
			return;
		case 'approve_extension':
		case 'refuse_extension':
			await notifyTicket(c, id, 'extension_decided', {
				...base,
				approved: input.action === 'approve_extension'
			});
			return;
		case 'callback':
			if (input.reached && input.satisfied === false) await notifyTicket(c, id, 'callback_reopened', base);
			return;
		case 'close':
			await notifyReporters(c, id, actorId);
			return;
	}
}
