// Query parameters shared by the ticket analyses: category and status lists, a half-open time window
// [from, to) in Beijing time (dates mean midnight in Asia/Shanghai, as the database session reads them).
import { z } from 'zod';
import { isoDateTime } from '../input';
import { CATEGORIES } from '../tickets/service';
import { STATUSES } from '../../codes';

const list = <T extends string>(values: readonly [T, ...T[]], name: string) =>
	z
		.string()
		.optional()
		.transform((s, ctx) => {
			if (!s) return undefined;
			const parts = s.split(',').filter(Boolean);
			const bad = parts.find((p) => !(values as readonly string[]).includes(p));
			if (bad) {
				ctx.addIssue({ code: 'custom', message: `unknown ${name} "${bad}"` });
				return z.NEVER;
			}
			return parts as T[];
		});

const instant = z
	.string()
	.regex(
		/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
		'a date (YYYY-MM-DD) or ISO time'
	)
	.refine((s) => isoDateTime().safeParse(s).success, {
		message: 'not a real date',
		params: { code: 'invalid_date' }
	});

export const TicketFilter = z.object({
	category: list(CATEGORIES as unknown as readonly [string, ...string[]], 'category'),
	status: list(STATUSES, 'status'),
	from: instant.optional(),
	to: instant.optional()
});
export type TicketFilter = z.infer<typeof TicketFilter>;

const toMs = (s: string) => Date.parse(s.length === 10 ? `${s}T00:00:00+08:00` : s);

/** The window as instants (default: the last 30 days); refuses an empty window or one over 3 years. */
export function windowOf(f: TicketFilter, now = Date.now()): { from: Date; to: Date } {
	const to = f.to ? toMs(f.to) : now;
	const from = f.from ? toMs(f.from) : to - 30 * 86_400_000;
	if (from >= to) throw new RangeError('from: must be before to');
	if (to - from > 3 * 366 * 86_400_000) throw new RangeError('from: the window is longer than 3 years');
	return { from: new Date(from), to: new Date(to) };
}
