import { describe, expect, it } from 'vitest';
import { nameChars, nameVariants, substrings } from './locate';

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

describe('nameVariants', () => {
	// what name_deletions (migration 370) keeps of a compound's name: itself and, from 4 characters
	// on, each one-character deletion
	const deletions = (name: string) => {
		const ch = Array.from(name);
		return new Set([
			name,
			...(ch.length >= 4 ? ch.map((_, i) => [...ch.slice(0, i), ...ch.slice(i + 1)].join('')) : [])
		]);
	};
	const meets = (text: string, name: string) => {
		const mine = deletions(name);
		return nameVariants(substrings(text)).some((v) => mine.has(v));
	};

	it('lists each substring and its one-character deletions, each once', () => {
		expect(nameVariants(['城建花苑']).sort()).toEqual(
			['城建花苑', '建花苑', '城花苑', '城建苑', '城建花'].sort()
		);
		expect(nameVariants(['花花苑苑', '花苑']).sort()).toEqual(
			['花花苑苑', '花苑苑', '花花苑', '花苑'].sort()
		);
		// no deletion shorter than 3 characters (two characters such as 花园 match thousands of names)
		expect(nameVariants(['城建花'])).toEqual(['城建花']);
	});
	it('meets a name typed right, with one character changed, added or left out', () => {
		expect(meets('城建花苑3栋', '城建花苑')).toBe(true);
		expect(meets('城律花苑3栋', '城建花苑')).toBe(true);
		expect(meets('城建建花苑3栋', '城建花苑')).toBe(true);
		expect(meets('城花苑3栋', '城建花苑')).toBe(true);
		expect(meets('阳明花园小区12栋', '阳明花园')).toBe(true);
	});
	it('does not meet a name two edits away, sharing only a common ending, or a 3-character name with a typo', () => {
		expect(meets('万像苑3栋', '万象苑')).toBe(false);
		expect(meets('城律花园3栋', '城建花苑')).toBe(false);
		expect(meets('万象花园', '金色花园')).toBe(false);
	});
	it('leaves names longer than 13 characters to the loose probe', () => {
		const long = '一二三四五六七八九十甲乙丙丁';
		expect(nameVariants([long])).toEqual([long]);
	});
});
