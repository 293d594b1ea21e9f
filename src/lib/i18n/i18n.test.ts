import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh-CN.json';

describe('dictionaries', () => {
	it('have the same keys in both languages', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
	});
	it('have no empty strings', () => {
		for (const [k, v] of [...Object.entries(en), ...Object.entries(zh)]) expect(v, k).not.toBe('');
	});
});
