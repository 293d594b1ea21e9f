import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError, parseWith } from './http';
import { decimal, isoDateTime, isoDay, text } from './input';

/** The InputError parseWith throws for a value (or null when it parses). */
function refusal(schema: z.ZodType, value: unknown): InputError | null {
	try {
		parseWith(schema, value);
		return null;
	} catch (err) {
		if (err instanceof InputError) return err;
		throw err;
	}
}

describe('text()', () => {
	const S = z.object({ name: text({ max: 10 }), note: text({ max: 20, multiline: true }).optional() });
	it('refuses control characters naming the field; tab and newline only in multi-line text', () => {
		expect(refusal(S, { name: 'a\u0000b' })).toMatchObject({
			status: 400,
			field: 'name',
			code: 'control_character'
		});
		expect(refusal(S, { name: 'a\u0007b' })).toMatchObject({ field: 'name', code: 'control_character' });
		expect(refusal(S, { name: 'a\nb' })).toMatchObject({ field: 'name', code: 'control_character' });
		expect(refusal(S, { name: 'ok', note: 'line 1\n\tline 2' })).toBeNull();
		expect(refusal(S, { name: 'ok', note: 'a\u001bb' })).toMatchObject({
			field: 'note',
			code: 'control_character'
		});
	});
	it('refuses required text that is empty after trimming invisible characters, and trims it', () => {
		expect(refusal(S, { name: '\u200b\u200b\u3000' })).toMatchObject({ field: 'name', code: 'required' });
		expect(refusal(S, {})).toMatchObject({ field: 'name', code: 'required' });
		expect(parseWith(S, { name: '\u200b 居委会 \ufeff' }).name).toBe('居委会');
	});
	it('refuses text over the limit with its maximum', () => {
		expect(refusal(S, { name: 'x'.repeat(11) })).toMatchObject({ code: 'too_long', params: { max: 10 } });
		expect(refusal(S, { name: 5 })).toMatchObject({ field: 'name', code: 'wrong_type' });
	});
	it('refuses lone surrogates (text that cannot be UTF-8)', () => {
		expect(refusal(S, { name: 'a\ud800b' })).toMatchObject({ field: 'name', code: 'invalid_utf8' });
	});
	it('refuses a control character in any string of any input, whatever the schema', () => {
		expect(
			refusal(z.object({ a: z.array(z.object({ b: z.string() })) }), { a: [{ b: 'x' }, { b: 'y\u0000' }] })
		).toMatchObject({
			field: 'a.1.b',
			code: 'control_character'
		});
	});
});

describe('decimal()', () => {
	const S = z.object({
		lon: decimal(z.number().min(-180).max(180)),
		n: decimal(z.number().int().optional())
	});
	it('reads plain decimals only', () => {
		expect(parseWith(S, { lon: '114.98', n: '-3' })).toEqual({ lon: 114.98, n: -3 });
		expect(parseWith(S, { lon: 114 })).toEqual({ lon: 114 });
		for (const bad of ['0x72', '1e2', 'Infinity', 'NaN', '114,9', '--1', '0b1'])
			expect(refusal(S, { lon: bad }), bad).toMatchObject({ field: 'lon', code: 'not_a_number' });
		expect(refusal(S, { lon: '' })).toMatchObject({ field: 'lon', code: 'required' });
		expect(refusal(S, { lon: '200' })).toMatchObject({ field: 'lon', code: 'too_big', params: { max: 180 } });
	});
});

describe('dates', () => {
	it('refuses days that do not exist', () => {
		const S = z.object({ day: isoDay() });
		expect(parseWith(S, { day: '2028-02-29' }).day).toBe('2028-02-29');
		expect(refusal(S, { day: '2026-02-30' })).toMatchObject({ field: 'day', code: 'invalid_date' });
		expect(refusal(S, { day: '2026-2-3' })).toMatchObject({ field: 'day', code: 'invalid_date' });
	});
	it('refuses impossible date-times', () => {
		const S = z.object({ at: isoDateTime() });
		expect(parseWith(S, { at: '2026-03-01T08:00:00+08:00' }).at).toBe('2026-03-01T08:00:00+08:00');
		expect(refusal(S, { at: '2026-02-30T08:00:00Z' })).toMatchObject({ code: 'invalid_date' });
		expect(refusal(S, { at: '2026-03-01T25:00:00Z' })).toMatchObject({ code: 'invalid_date' });
	});
});
