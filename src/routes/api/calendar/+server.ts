import { z } from 'zod';
import { isoDay, text } from '$lib/server/input';
import { answer, parseJson } from '$lib/server/http';
import { calendarExceptions, setCalendarDay } from '$lib/server/tickets/service';

const Day = z.object({
	day: isoDay(),
	isWorking: z.boolean().nullable(),
	note: text({ max: 100, min: 0 }).default('')
});

export const _schema = { PUT: Day };

export const GET = () => answer(calendarExceptions);

/** Sets one day's exception (isWorking true: a make-up working day; false: a holiday; null: back to normal). */
export const PUT = async ({ request }) => {
	const d = await parseJson(Day, request);
	return answer(() => setCalendarDay(d.day, d.isWorking, d.note));
};
