import { describe, expect, it } from 'vitest';
import { nameChars, substrings } from './locate';

describe('substrings', () => {
	it('lists every run of two or more characters once, so an exactly spelt name is among them', () => {
		expect(substrings('阳明花园5栋').sort()).toEqual(
			[
				'阳明',
				'阳明花',
				'阳明花园',
				'阳明花园5',
				'阳明花园5栋',
				'明花',
				'明花园',
				'明花园5',
				'明花园5栋',
				'花园',
				'花园5',
				'花园5栋',
				'园5',
				'园5栋',
				'5栋'
			].sort()
		);
		expect(substrings('花园花园').filter((s) => s === '花园')).toHaveLength(1);
	});

	it('counts code points, not UTF-16 units, and stops at 30 characters', () => {
		expect(substrings('𠀋屋')).toEqual(['𠀋屋']);
		const long = substrings('园'.repeat(40));
		expect(Math.max(...long.map((s) => Array.from(s).length))).toBe(30);
	});
});

describe('nameChars', () => {
	it('puts a space after every character, as name_chars in SQL', () => {
		expect(nameChars('城建花苑')).toBe('城 建 花 苑 ');
	});
});
