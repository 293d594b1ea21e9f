// The time slider's windows: step k of a day or week timeline ending today (Beijing dates).
export type Step = 'day' | 'week';

const DAY = 86_400_000;
/** Today's date in Asia/Shanghai as YYYY-MM-DD. */
export const beijingDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

/** The [from, to) dates of step k (0 = oldest) of n steps ending with the one that holds `now`. */
export function windowAt(step: Step, k: number, n: number, now = Date.now()): { from: string; to: string } {
	const len = step === 'day' ? 1 : 7;
	const today = Date.parse(`${beijingDate(now)}T00:00:00Z`);
	const end = today + DAY - (n - 1 - k) * len * DAY;
	return {
		from: new Date(end - len * DAY).toISOString().slice(0, 10),
		to: new Date(end).toISOString().slice(0, 10)
	};
}

/** The whole window of n steps ending today: from step 0's first day to the last step's end. */
export function spanOf(step: Step, n: number, now = Date.now()): { from: string; to: string } {
	return { from: windowAt(step, 0, n, now).from, to: windowAt(step, n - 1, n, now).to };
}
