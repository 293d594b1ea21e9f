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
