import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh-CN.json';
import { ERROR_CODES } from '../errors';
import { codeKey, errorText, type Translate } from './errors';

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
