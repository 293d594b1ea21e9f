// The one CSV writer of the app (server exports, the audit log, siting runs, the dashboard's tables in
// the browser): RFC 4180 quoting, UTF-8 with a byte-order mark (spreadsheet programs then read the
// Chinese right), CRLF line ends, times in Beijing time with their offset, and text cells that a
// spreadsheet would run as a formula neutralised with a leading apostrophe (OWASP "CSV Injection":
// cells beginning with = + - @ tab or carriage return). Numbers stay numbers. The importer undoes the
// apostrophe on text columns (`unneutralise`), so an exported file imports again unchanged. Pure.

export type CsvValue = string | number | bigint | boolean | Date | null | undefined | object;

/**
 * Text the writer prefixes: one of the characters that make a spreadsheet read a cell as a formula
 * (OWASP: = + - @ tab carriage return) at the start, or apostrophes already followed by one (so that
 * text which itself begins with `'=` survives the round trip: it is written `''=` and read back `'=`).
 */
const NEEDS_PREFIX = /^'*[=+\-@\t\r]/;

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** An instant as ISO 8601 in Beijing time with its offset, e.g. 2025-05-01T09:30:00+08:00 (milliseconds when present). */
export function beijingIso(t: Date): string {
	const ms = t.getTime();
	if (Number.isNaN(ms)) return '';
	const s = new Date(ms + BEIJING_OFFSET_MS).toISOString();
	return (ms % 1000 === 0 ? s.slice(0, 19) : s.slice(0, 23)) + '+08:00';
}

/** A text cell made safe for spreadsheets: `=1+2` → `'=1+2`; other text unchanged. */
export const neutralise = (s: string): string => (NEEDS_PREFIX.test(s) ? `'${s}` : s);

/** The importer's inverse of `neutralise` for text columns: `'=1+2` → `=1+2`; other text unchanged. */
export const unneutralise = (s: string): string => (/^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/** An RFC 3339 instant written as text (e.g. a service's `toISOString()`), with its zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * One cell: numbers as written, times in Beijing time (Date values, and instants given as text in
 * another zone), objects as JSON, text neutralised, quoted when needed.
 */
export function csvCell(v: CsvValue): string {
	let s: string;
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') s = Number.isFinite(v) ? String(v) : '';
	else if (typeof v === 'bigint' || typeof v === 'boolean') s = String(v);
	else if (v instanceof Date) s = beijingIso(v);
	else if (typeof v === 'string')
		s =
			INSTANT.test(v) && !v.endsWith('+08:00') && !Number.isNaN(Date.parse(v))
				? beijingIso(new Date(v))
				: neutralise(v);
	else s = neutralise(JSON.stringify(v));
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV file: BOM, the header row, then the rows, each line ended by CRLF. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
	const line = (r: CsvValue[]) => r.map(csvCell).join(',');
	return '\ufeff' + [header.map(csvCell).join(','), ...rows.map(line)].join('\r\n') + '\r\n';
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
