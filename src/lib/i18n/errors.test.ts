import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh-CN.json';
import { ERROR_CODES, ERROR_REASONS } from '../errors';
import { codeKey, errorText, reasonKey, type Translate } from './errors';

/** A formatter over one dictionary, filling {placeholders} like svelte-i18n does for plain text. */
const formatter =
	(dict: Record<string, string>): Translate =>
	(id, o) => {
		const text = dict[id];
		if (text === undefined) return o?.default ?? id;
		return text.replace(/\{(\w+)\}/g, (_, k) => String(o?.values?.[k] ?? `{${k}}`));
	};

describe('server errors in the interface language', () => {
	it('has a message for every error code the API answers, in both languages', () => {
		for (const code of ERROR_CODES) {
			expect(zh, code).toHaveProperty([codeKey(code)]);
			expect(en, code).toHaveProperty([codeKey(code)]);
		}
	});

	it('translates a code with its params and the field label', () => {
		const body = {
			status: 400,
			field: 'note',
			code: 'too_long',
			params: { max: 4000 },
			message: 'note: too long'
		};
		expect(errorText(formatter(zh), body, 'zh-CN')).toBe('说明最多 4000 个字');
		expect(errorText(formatter(en), body, 'en')).toBe('Note: at most 4000 characters');
	});

	it('falls back to the status sentence in Chinese, and to the English message in English', () => {
		const body = { status: 403, field: null, message: 'the role grid_worker may not GET /dashboard' };
		expect(errorText(formatter(zh), body, 'zh-CN')).toBe('您的角色无权进行此操作');
		expect(errorText(formatter(en), body, 'en')).toBe(body.message);
		// an unknown field keeps its name; an unreachable server has its own sentence
		expect(errorText(formatter(zh), { status: 422, field: 'widget' }, 'zh-CN')).toBe(
			'widget：无法接受此请求'
		);
		expect(errorText(formatter(zh), { status: 0 }, 'zh-CN')).toBe('无法连接服务器');
	});
});

describe('the reasons of general refusals', () => {
	it('has a message for every reason, in both languages, with the same placeholders', () => {
		const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const reason of ERROR_REASONS) {
			const key = reasonKey(reason);
			expect(zh, reason).toHaveProperty([key]);
			expect(en, reason).toHaveProperty([key]);
			expect(holes((zh as Record<string, string>)[key]), reason).toEqual(
				holes((en as Record<string, string>)[key])
			);
		}
	});

	it("says the reason with its params, not the code's general sentence", () => {
		const outside = {
			status: 422,
			field: 'location',
			code: 'unprocessable',
			params: { reason: 'outside_city' },
			message: 'location: (121.47, 31.23) is outside the city'
		};
		expect(errorText(formatter(zh), outside, 'zh-CN')).toBe('位置：该点不在本市范围内');
		expect(errorText(formatter(en), outside, 'en')).toBe('Location: this point is outside the city');
		const far = {
			status: 422,
			field: 'location',
			code: 'unprocessable',
			params: { reason: 'too_far', distance: 73, max: 50 },
			message: 'location: you are 73 m from the building'
		};
		expect(errorText(formatter(zh), far, 'zh-CN')).toBe('您距离该楼栋 73 米，须在 50 米以内才能签到');
		// an unknown reason (a newer server) falls back to the code
		expect(errorText(formatter(zh), { ...outside, params: { reason: 'from_the_future' } }, 'zh-CN')).toBe(
			'位置：无法接受此请求'
		);
	});

	it('gives every 409 / 422 refusal of the ticket, field, account and scope services a reason or a finer code', () => {
		// the services a worker, dispatcher or official meets on the ticket and field pages
		const dirs = ['tickets', 'field', 'accounts', 'auth', 'media'].map((d) =>
			path.join(import.meta.dirname, '..', 'server', d)
		);
		const general = /^(undefined|'unprocessable'|'conflict'|'invalid')$/;
		const missing: string[] = [];
		for (const dir of dirs)
			for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
				const src = readFileSync(path.join(dir, file), 'utf8');
				for (const m of src.matchAll(/new (?:Input|Ticket)Error\(\s*(409|422)\s*,/g)) {
					// the call's arguments, up to its closing parenthesis
					let depth = 1;
					let i = m.index + m[0].length;
					const start = i;
					for (; depth > 0 && i < src.length; i++)
						if (src[i] === '(') depth++;
						else if (src[i] === ')') depth--;
					const args = src.slice(start, i - 1);
					const [, , code] = splitArgs(args);
					if ((code === undefined || general.test(code)) && !/reason:/.test(args))
						missing.push(`${file}: ${args.replace(/\s+/g, ' ').slice(0, 80)}`);
				}
			}
		expect(missing).toEqual([]);
	});
});

/** Top-level comma-separated arguments of a call (strings and brackets kept whole). */
function splitArgs(args: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quote = '';
	let cur = '';
	for (const ch of args) {
		if (quote) {
			if (ch === quote) quote = '';
		} else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
		else if ('([{'.includes(ch)) depth++;
		else if (')]}'.includes(ch)) depth--;
		else if (ch === ',' && depth === 0) {
			out.push(cur.trim());
			cur = '';
			continue;
		}
		cur += ch;
	}
	if (cur.trim()) out.push(cur.trim());
	return out;
}

describe("the import's notes and warnings", () => {
	it('has both languages for every code the server gives, with the same placeholders', async () => {
		// the codes are declared once, in the API's types (ImportMessage)
		const src = readFileSync(path.join(import.meta.dirname, '..', 'api-types.ts'), 'utf8');
		const union = /code:\s*((?:\|\s*'\w+'\s*)+);/.exec(src)![1];
		const codes = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]);
		expect(codes).toContain('crs_assumed');
		const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const c of codes) {
			const key = `import.message.${c}`;
			expect(zh, c).toHaveProperty([key]);
			expect(en, c).toHaveProperty([key]);
			expect(holes((zh as Record<string, string>)[key]), c).toEqual(
				holes((en as Record<string, string>)[key])
			);
		}
	});
});
