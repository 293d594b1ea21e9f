// The one Beijing-day helper: RedGrid's users live in Asia/Shanghai (UTC+8, no daylight saving), so
// "today", day buckets and date limits are Beijing days everywhere, whatever the machine's time
// zone (servers often run in UTC: between 00:00 and 08:00 Beijing time the UTC day is yesterday).
// Shared by the server and the pages.

const HOUR = 3_600_000;
export const DAY_MS = 24 * HOUR;
/** Beijing time is UTC+8 all year (China has had no daylight saving time since 1991). */
export const BEIJING_OFFSET_MS = 8 * HOUR;

/** The Beijing calendar day (YYYY-MM-DD) of an instant (default: now). */
export const beijingDay = (t: Date | number = Date.now()): string =>
	new Date(Number(t) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

/** The Beijing wall-clock time of an instant to the minute, "YYYY-MM-DD HH:MM". */
export const beijingMinute = (t: Date | number | string): string =>
	new Date(new Date(t).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** Today in Beijing, YYYY-MM-DD. */
export const beijingToday = (): string => beijingDay(Date.now());

/** The instant a Beijing day starts (its 00:00 +08:00). */
export const startOfBeijingDay = (day: string): Date =>
	new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS);

/** A day `n` days after `day` (negative: before), YYYY-MM-DD. */
export const addDays = (day: string, n: number): string =>
	new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Whether `s` is a calendar day YYYY-MM-DD that exists (2026-02-29 and 2026-02-30 do not; 2028-02-29
 * does). Date.parse alone would roll 2026-02-30 over to 2 March.
 */
export function isRealDate(s: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
	const dt = new Date(Date.UTC(y, mo - 1, d));
	return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
