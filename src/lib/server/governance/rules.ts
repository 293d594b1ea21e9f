// Pure rules of the governance records (三方联动): the checks across fields that need no database,
// the quarters the meeting figures count in, and the shares the figures report. Unit-tested in
// rules.test.ts.
import type { EntityName } from '$lib/editing/fields';
import { beijingDay } from '$lib/days';

/** Today's date in Beijing (YYYY-MM-DD), whatever the machine's zone. */
export const beijingToday = (now: Date | number = Date.now()): string => beijingDay(now);

/**
 * A rule across the fields of a governance record (the merged record on an edit), or null:
 * - owner-committees: the term ends after it starts (`termEnd`), elected no later than the term ends;
 * - meetings: a meeting marked held is not dated after today (`heldOn`, Beijing date);
 * - decisions: the done date is not in the future (`doneOn`; it is kept only while the status is done);
 * - consultations: decided no earlier than raised (`decidedOn`), and a vote has an outcome.
 * Other entities: null.
 */
export function governanceProblem(
	entity: EntityName,
	v: Record<string, unknown>,
	today: string
): { field: string; message: string } | null {
	const s = (k: string) => (v[k] === null || v[k] === undefined ? null : String(v[k]));
	switch (entity) {
		case 'owner-committees': {
			const [start, end, elected] = [s('termStart'), s('termEnd'), s('electedOn')];
			if (start && end && end <= start)
				return { field: 'termEnd', message: `the term must end after it starts (${start})` };
			if (elected && end && elected > end)
				return { field: 'electedOn', message: `must not be after the term ends (${end})` };
			return null;
		}
		case 'meetings': {
			const held = s('heldOn');
			if (s('status') === 'held' && held && held > today)
				return {
					field: 'heldOn',
					message: `a meeting dated ${held} (after today, ${today}) cannot be marked held: plan it instead`
				};
			return null;
		}
		case 'decisions': {
			const done = s('doneOn');
			if (done && done > today) return { field: 'doneOn', message: `must not be in the future (${today})` };
			return null;
		}
		case 'consultations': {
			const [raised, decided] = [s('raisedOn'), s('decidedOn')];
			if (raised && decided && decided < raised)
				return { field: 'decidedOn', message: `must not be before raisedOn (${raised})` };
			return null;
		}
		default:
			return null;
	}
}

/**
 * The vote field that makes the votes exceed the compound's households (for, against, abstain
 * added in that order), or null when they fit. One household, one vote (业主大会 counts by 专有部分).
 */
export function voteOverflow(
	votes: { votesFor?: unknown; votesAgainst?: unknown; votesAbstain?: unknown },
	households: number
): { field: string; total: number } | null {
	let total = 0;
	for (const f of ['votesFor', 'votesAgainst', 'votesAbstain'] as const) {
		const n = Number(votes[f] ?? 0);
		total += n;
		if (n > 0 && total > households) return { field: f, total };
	}
	return null;
}

/** The quarter a date (YYYY-MM-DD) falls in, as 'YYYY-Qn'. */
export function quarterOf(date: string): string {
	const [y, m] = date.split('-').map(Number);
	return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The first and last day (YYYY-MM-DD) of the quarter before the one `today` is in. */
export function lastQuarter(today: string): { from: string; to: string; label: string } {
	const [y, m] = today.split('-').map(Number);
	const q = Math.floor((m - 1) / 3); // 0-based quarter of today
	const [py, pq] = q === 0 ? [y - 1, 3] : [y, q - 1];
	const startMonth = pq * 3 + 1;
	const from = `${py}-${String(startMonth).padStart(2, '0')}-01`;
	const endMonth = startMonth + 2;
	const lastDay = new Date(Date.UTC(py, endMonth, 0)).getUTCDate();
	const to = `${py}-${String(endMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
	return { from, to, label: `${py}-Q${pq + 1}` };
}

/** A share in percent with one decimal (33.333… → 33.3), or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
	if (!whole) return null;
	return Math.round((part / whole) * 1000) / 10;
}
