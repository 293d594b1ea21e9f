// SLA deadlines in Beijing time on a working-day calendar.
//
// Beijing is UTC+8 all year (no daylight saving since 1991), so a Beijing calendar date is the
// UTC date of the instant shifted by 8 hours; no time-zone database is needed.
//
// Rules (in the spirit of 12345 practice):
// - sign-for (accept) within `acceptHours` clock hours;
// - resolve within `resolveHours` clock hours (urgent utilities), or within N working days:
//   due at the end (24:00 Beijing) of the Nth working day after the day the ticket came in.
//   A working day is Monday–Friday unless the calendar marks it a holiday, plus the weekend
//   make-up days (调休) that the calendar marks working.

export interface SlaRule {
	category: string;
	urgency: Urgency;
	acceptHours: number;
	resolveHours: number | null;
	resolveWorkingDays: number | null;
}

import { beijingDay } from '../../days';
import type { Urgency } from '../../codes';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BEIJING_OFFSET = 8 * HOUR;

/** The Beijing calendar date (YYYY-MM-DD) of an instant (src/lib/days.ts). */
export const beijingDate = (t: Date): string => beijingDay(t);

/** The instant at which a Beijing date ends (its 24:00, the next day's 00:00). */
export const endOfBeijingDay = (date: string): Date =>
	new Date(Date.parse(`${date}T00:00:00Z`) + DAY - BEIJING_OFFSET);

const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/** Working days: Monday–Friday, overridden by the calendar's exceptions (date → is working). */
export class WorkingCalendar {
	constructor(private readonly exceptions: ReadonlyMap<string, boolean> = new Map()) {}

	isWorkingDay(date: string): boolean {
		const exception = this.exceptions.get(date);
		if (exception !== undefined) return exception;
		const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
		return weekday !== 0 && weekday !== 6;
	}

	/** The Nth working day strictly after `date`. */
	addWorkingDays(date: string, n: number): string {
		let d = date;
		for (let left = n; left > 0;) {
			d = nextDate(d);
			if (this.isWorkingDay(d)) left--;
		}
		return d;
	}
}

export function dueTimes(
	createdAt: Date,
	rule: SlaRule,
	calendar: WorkingCalendar
): { acceptDueAt: Date; dueAt: Date } {
	const acceptDueAt = new Date(createdAt.getTime() + rule.acceptHours * HOUR);
	const dueAt =
		rule.resolveHours != null
			? new Date(createdAt.getTime() + rule.resolveHours * HOUR)
			: endOfBeijingDay(calendar.addWorkingDays(beijingDate(createdAt), rule.resolveWorkingDays ?? 5));
	return { acceptDueAt, dueAt };
}

/**
 * Working time between two instants, in milliseconds: the parts of [a, b) that fall on working
 * days of the calendar (a working day counts from 00:00 to 24:00 Beijing, the same days the
 * deadlines count). 0 when b is not after a. Used for the time a suspended ticket's SLA clock
 * stood (挂起 → 恢复, README "the steps of 12345 practice").
 */
export function workingMsBetween(calendar: WorkingCalendar, a: Date, b: Date): number {
	let total = 0;
	let cursor = a.getTime();
	const end = b.getTime();
	for (let day = beijingDate(a); cursor < end; day = nextDate(day)) {
		const dayEnd = endOfBeijingDay(day).getTime();
		if (calendar.isWorkingDay(day)) total += Math.min(dayEnd, end) - cursor;
		cursor = dayEnd;
	}
	return total;
}

/**
 * The instant `ms` milliseconds of working time after `t` (non-working days are skipped whole):
 * how far a deadline moves when the clock stood for that much working time, or for an extension
 * of N working days (N × 24 h). `t` itself when ms ≤ 0. A result that ends a working day exactly
 * is its 24:00, as a working-day deadline is.
 */
export function addWorkingMs(calendar: WorkingCalendar, t: Date, ms: number): Date {
	if (ms <= 0) return t;
	let left = ms;
	let cursor = t.getTime();
	for (let day = beijingDate(t); ; day = nextDate(day)) {
		const dayEnd = endOfBeijingDay(day).getTime();
		if (calendar.isWorkingDay(day)) {
			if (left <= dayEnd - cursor) return new Date(cursor + left);
			left -= dayEnd - cursor;
		}
		cursor = dayEnd;
	}
}
