// Unified social credit codes (统一社会信用代码, GB 32100-2015): the same check as the
// database function is_valid_credit_code in sql/migrations/001_schema.sql.
import type { Random } from './random';

export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character for the first 17 characters of a code. */
export function creditCodeCheckChar(first17: string): string {
	if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
		throw new Error(`credit code body must be 17 characters from ${CREDIT_ALPHABET}, got '${first17}'`);
	}
	let total = 0;
	for (let i = 0; i < 17; i++) total += CREDIT_ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
	return CREDIT_ALPHABET[(31 - (total % 31)) % 31];
}

export function isValidCreditCode(code: string): boolean {
	return SHAPE.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * A plausible code for an enterprise (9 = market regulator, 1 = enterprise) registered in the
 * given 6-digit administrative division: 9 1 + adcode + 9-character body + check character.
 */
export function makeCreditCode(rng: Random, adcode: string): string {
	let body = '';
	for (let i = 0; i < 9; i++)
		body += i < 2 ? rng.pick(['M', 'A', '7', '5']) : CREDIT_ALPHABET[rng.int(0, 30)];
	const first17 = `91${adcode}${body}`;
	return first17 + creditCodeCheckChar(first17);
}
