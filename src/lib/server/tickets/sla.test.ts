import { describe, expect, it } from 'vitest';
import {
	addWorkingMs,
	beijingDate,
	dueTimes,
	endOfBeijingDay,
	workingMsBetween,
	WorkingCalendar,
	type SlaRule
} from './sla';

const general: SlaRule = {
	category: 'sanitation',
	urgency: 'normal',
	acceptHours: 2,
	resolveHours: null,
	resolveWorkingDays: 5
};
const urgent: SlaRule = {
	category: 'water',
	urgency: 'urgent',
	acceptHours: 2,
	resolveHours: 24,
	resolveWorkingDays: null
};

describe('Beijing dates', () => {
	it('shifts by 8 hours: 16:30 UTC is already the next day in Beijing', () => {
		expect(beijingDate(new Date('2026-11-27T15:59:00Z'))).toBe('2026-11-27');
		expect(beijingDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
		expect(endOfBeijingDay('2026-11-27').toISOString()).toBe('2026-11-27T16:00:00.000Z');
	});
});

describe('working days', () => {
	it('skips the weekend', () => {
		const cal = new WorkingCalendar();
		// Friday 2026-11-27 + 1 working day = Monday 2026-11-30
		expect(cal.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
		expect(cal.addWorkingDays('2026-11-23', 5)).toBe('2026-11-30');
	});

	it('skips holidays and counts make-up Saturdays (调休)', () => {
		// National Day week: 10-01..10-07 off, Saturday 10-10 a make-up working day (illustrative)
		const ex = new Map<string, boolean>();
		for (let d = 1; d <= 7; d++) ex.set(`2026-10-0${d}`, false);
		ex.set('2026-10-10', true);
		const cal = new WorkingCalendar(ex);
		expect(cal.isWorkingDay('2026-10-10')).toBe(true);
		expect(cal.isWorkingDay('2026-10-05')).toBe(false);
		// from Wednesday 09-30: Thu 10-08, Fri 10-09, Sat 10-10 (make-up), Mon 10-12, Tue 10-13
		expect(cal.addWorkingDays('2026-09-30', 5)).toBe('2026-10-13');
	});
});

describe('dueTimes', () => {
	it('gives urgent tickets 24 clock hours and everyone 2 hours to sign for', () => {
		const t = new Date('2026-11-28T02:00:00Z'); // Saturday 10:00 Beijing
		const d = dueTimes(t, urgent, new WorkingCalendar());
		expect(d.acceptDueAt.toISOString()).toBe('2026-11-28T04:00:00.000Z');
		expect(d.dueAt.toISOString()).toBe('2026-11-29T02:00:00.000Z');
	});

	it('ends a 5-working-day ticket at 24:00 Beijing of the 5th working day after it came in', () => {
		// Friday 23:30 Beijing (15:30 UTC) → working days Mon..Fri of next week → due Fri 12-04 24:00 Beijing
		const d = dueTimes(new Date('2026-11-27T15:30:00Z'), general, new WorkingCalendar());
		expect(d.dueAt.toISOString()).toBe('2026-12-04T16:00:00.000Z');
		// 30 minutes later it is Saturday in Beijing: the same due day (Sat is not a working day)
		const e = dueTimes(new Date('2026-11-27T16:30:00Z'), general, new WorkingCalendar());
		expect(e.dueAt.toISOString()).toBe('2026-12-04T16:00:00.000Z');
	});
});

// 挂起 / 恢复 worked out by hand. Calendar: New Year's Day, Friday 2027-01-01, is a holiday.
// Suspended Thursday 2026-12-31 16:00 Beijing (08:00Z), resumed Monday 2027-01-04 10:00 (02:00Z):
// the clock stood Thursday 16:00–24:00 (8 h) + Friday (holiday, 0) + the weekend (0) + Monday
// 00:00–10:00 (10 h) = 18 working hours. A deadline at the end of Tuesday 2027-01-05 (24:00 =
// 2027-01-05T16:00Z) moves by 18 working hours into Wednesday 2027-01-06: 18:00 Beijing = 10:00Z.
describe('the SLA clock standing while suspended', () => {
	const HOUR = 3_600_000;
	const cal = new WorkingCalendar(new Map([['2027-01-01', false]]));
	const suspended = new Date('2026-12-31T08:00:00Z');
	const resumed = new Date('2027-01-04T02:00:00Z');

	it('counts only working time: 18 h across a holiday and a weekend', () => {
		expect(workingMsBetween(cal, suspended, resumed)).toBe(18 * HOUR);
		// without the holiday, Friday counts whole: 18 + 24
		expect(workingMsBetween(new WorkingCalendar(), suspended, resumed)).toBe(42 * HOUR);
		// a suspension inside one weekend costs nothing
		expect(workingMsBetween(cal, new Date('2027-01-02T01:00:00Z'), new Date('2027-01-03T12:00:00Z'))).toBe(0);
		expect(workingMsBetween(cal, resumed, suspended)).toBe(0);
	});

	it('moves the deadline by that working time, skipping non-working days', () => {
		const due = new Date('2027-01-05T16:00:00Z'); // Tuesday 24:00 Beijing
		expect(addWorkingMs(cal, due, 18 * HOUR).toISOString()).toBe('2027-01-06T10:00:00.000Z');
		// Friday 20:00 Beijing + 8 working hours: Friday's last 4 h, then Monday 00:00–04:00
		expect(addWorkingMs(cal, new Date('2027-01-08T12:00:00Z'), 8 * HOUR).toISOString()).toBe(
			'2027-01-10T20:00:00.000Z'
		);
		// from a holiday: the hours start on the next working day (Monday 2027-01-04 00:00 + 2 h)
		expect(addWorkingMs(cal, new Date('2027-01-01T04:00:00Z'), 2 * HOUR).toISOString()).toBe(
			'2027-01-03T18:00:00.000Z'
		);
		// exactly a working day's worth ends at that day's 24:00
		expect(addWorkingMs(cal, new Date('2027-01-05T16:00:00Z'), 24 * HOUR).toISOString()).toBe(
			'2027-01-06T16:00:00.000Z'
		);
		expect(addWorkingMs(cal, due, 0)).toBe(due);
	});
});
