// One boundary for text and values: the zod pieces every route schema is built from, so that each
// kind of bad input is refused the same way everywhere, with a 400 naming the field and a stable
// code (src/lib/errors.ts). `parseWith` (src/lib/server/http.ts) also refuses control characters
// in every string of every input before any schema runs (`controlCharacterPath`).
import { z } from 'zod';
import { isRealDate } from '../days';

/** NUL, the other C0 controls, DEL and the C1 controls, except tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** The same plus tab, newline and carriage return: refused in single-line text. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate without its pair: text that cannot be UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Characters that show nothing: white space (ASCII and Unicode, the ideographic space U+3000), the
 * zero-width space / joiners / marks (U+200B–U+200F), word joiner and invisible operators
 * (U+2060–U+2064), the byte-order mark U+FEFF, the soft hyphen, the Mongolian vowel separator, the
 * bidi embeddings and isolates (U+202A–U+202E, U+2066–U+2069), Hangul fillers.
 */
const INVISIBLE =
	'\\s\\u00AD\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\u3000\\uFEFF\\u115F\\u1160\\u3164\\uFFA0';
const EDGE_INVISIBLE = new RegExp(`^[${INVISIBLE}]+|[${INVISIBLE}]+$`, 'g');
const ONLY_INVISIBLE = new RegExp(`^[${INVISIBLE}]*$`);

/** Every control character that input refuses (as CONTROL), for removal. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * The importer's side of the text boundary: a file's cell with its control characters (as the API
 * refuses them; tab and line breaks stay) removed, and whether there were any, so that the import
 * can warn about the row instead of refusing the whole file.
 */
export function stripControl(s: string): { text: string; removed: boolean } {
	if (!CONTROL.test(s)) return { text: s, removed: false };
	return { text: s.replace(CONTROL_ALL, ''), removed: true };
}

/** Text with the invisible characters at both ends removed. */
export const trimInvisible = (s: string) => s.replace(EDGE_INVISIBLE, '');

/**
 * The path ("cells.2.name") of the first string in a parsed input that holds a control character
 * (other than tab, newline and carriage return) or a lone surrogate, with which of the two; null
 * when there is none. Object keys are checked too.
 */
export function controlCharacterPath(
	value: unknown,
	path: string[] = [],
	depth = 0
): { path: string; kind: 'control_character' | 'invalid_utf8' } | null {
	if (typeof value === 'string') {
		if (CONTROL.test(value)) return { path: path.join('.') || 'body', kind: 'control_character' };
		if (LONE_SURROGATE.test(value)) return { path: path.join('.') || 'body', kind: 'invalid_utf8' };
		return null;
	}
	if (depth > 64 || value === null || typeof value !== 'object') return null;
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const hit = controlCharacterPath(value[i], [...path, String(i)], depth + 1);
			if (hit) return hit;
		}
		return null;
	}
	for (const [k, v] of Object.entries(value)) {
		if (CONTROL.test(k) || LONE_SURROGATE.test(k))
			return { path: [...path, k].join('.'), kind: 'control_character' };
		const hit = controlCharacterPath(v, [...path, k], depth + 1);
		if (hit) return hit;
	}
	return null;
}

export interface TextOptions {
	/** most characters (after trimming) */
	max: number;
	/** fewest characters after trimming; 1 (the default) makes it required, 0 allows empty text */
	min?: number;
	/** tab, newline and carriage return allowed (descriptions, notes); refused otherwise */
	multiline?: boolean;
}

/**
 * A text field: control characters refused (tab and line breaks only in multi-line text), invisible
 * characters trimmed from both ends, required text that is empty after that refused (`required`),
 * at most `max` characters (`too_long`, params.max). The parsed value is the trimmed text.
 */
export function text({ max, min = 1, multiline = false }: TextOptions) {
	return z
		.string()
		.superRefine((s, ctx) => {
			if ((multiline ? CONTROL : CONTROL_OR_BREAK).test(s)) {
				ctx.addIssue({
					code: 'custom',
					message: multiline
						? 'holds a control character (only tab and line breaks are allowed)'
						: 'holds a control character or a line break',
					params: { code: 'control_character' }
				});
				return;
			}
			if (LONE_SURROGATE.test(s)) {
				ctx.addIssue({
					code: 'custom',
					message: 'is not valid Unicode text',
					params: { code: 'invalid_utf8' }
				});
				return;
			}
			const trimmed = trimInvisible(s);
			if (min > 0 && ONLY_INVISIBLE.test(s)) {
				ctx.addIssue({ code: 'custom', message: 'must not be empty', params: { code: 'required' } });
				return;
			}
			if (trimmed.length < min)
				ctx.addIssue({
					code: 'custom',
					message: `at least ${min} characters`,
					params: { code: 'too_short', min }
				});
			if (trimmed.length > max)
				ctx.addIssue({
					code: 'custom',
					message: `at most ${max.toLocaleString('en')} characters`,
					params: { code: 'too_long', max }
				});
		})
		.transform(trimInvisible);
}

/** A plain decimal: optional minus, digits, optional fraction. No hex, exponents, Infinity or blanks. */
const DECIMAL = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/**
 * A number read from a query string or form field (or a JSON number), strictly: a decimal such as
 * `114.98` or `-3`; `0x72`, `1e3` and `Infinity` are refused (`not_a_number`) where
 * z.coerce.number() would take them (114, 1000, Infinity); an empty value counts as absent. `inner` adds the range: decimal(z.number().int().min(1)).
 */
export function decimal<T extends z.ZodType>(inner: T) {
	return z.preprocess((v, ctx) => {
		if (typeof v !== 'string') return v;
		const s = v.trim();
		if (s === '') return undefined;
		if (!DECIMAL.test(s) || !Number.isFinite(Number(s))) {
			ctx.issues.push({
				code: 'custom',
				message: `"${v.slice(0, 30)}" is not a plain decimal number`,
				input: v,
				params: { code: 'not_a_number' }
			});
			return v;
		}
		return Number(s);
	}, inner);
}

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 is refused: `invalid_date`). */
export const isoDay = () =>
	z
		.string()
		.refine(isRealDate, { message: 'must be a real date YYYY-MM-DD', params: { code: 'invalid_date' } });

/**
 * A date-time: ISO 8601, with a time zone offset or Z (`2026-03-01T08:00:00+08:00`; without one,
 * Beijing time), or a day (`2026-03-01`, taken as Beijing midnight); impossible dates and times (`2026-02-30`, `25:00`) are
 * refused (`invalid_date`).
 */
export const isoDateTime = () =>
	z.string().refine(
		(s) => {
			const m =
				/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
					s
				);
			if (!m || !isRealDate(m[1])) return false;
			if (m[2] === undefined) return true;
			return Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 60;
		},
		{ message: 'must be a real ISO 8601 date-time (or a day YYYY-MM-DD)', params: { code: 'invalid_date' } }
	);
