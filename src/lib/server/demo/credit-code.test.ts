// Unified social credit codes: the TypeScript check agrees with GB 32100-2015 (and the DB function).
import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, makeCreditCode } from './credit-code';
import { Random } from './random';

describe('unified social credit codes', () => {
	it('accepts a known valid code and rejects its neighbours', () => {
		expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
		expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
		expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
		expect(isValidCreditCode('91350100M000100Y4')).toBe(false); // 17 characters
		expect(isValidCreditCode('91350100M000100I43')).toBe(false); // I is not in the alphabet
		expect(isValidCreditCode('91350100m000100y43')).toBe(false); // lower case
	});

	it("computes the check character for a Ji'an body", () => {
		const body = '91360800MA35XXXXX'.replace(/X/g, '0');
		const code = body + creditCodeCheckChar(body);
		expect(code).toHaveLength(18);
		expect(isValidCreditCode(code)).toBe(true);
	});

	it('refuses a body with letters outside the alphabet', () => {
		expect(() => creditCodeCheckChar('91360800MA35OOOOO')).toThrow(/17 characters/);
	});

	it('makes valid codes in the given division', () => {
		const rng = new Random(1);
		for (let i = 0; i < 200; i++) {
			const code = makeCreditCode(rng, '360802');
			expect(code.startsWith('91360802')).toBe(true);
			expect(isValidCreditCode(code)).toBe(true);
		}
	});
});
