import { z } from 'zod';
import { answer, parseJson } from '$lib/server/http';
import { calendarExceptions, setCalendarDay } from '$lib/server/tickets/service';

const Day = z.object({
	day: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
		.refine((d) => !Number.isNaN(Date.parse(d)), 'not a real date'),
	isWorking: z.boolean().nullable(),
	note: z.string().max(100).default('')
});

export const GET = () => answer(calendarExceptions);

/** Sets one day's exception (isWorking true: a make-up working day; false: a holiday; null: back to normal). */
export const PUT = async ({ request }) => {
	const d = await parseJson(Day, request);
	return answer(() => setCalendarDay(d.day, d.isWorking, d.note));
};
