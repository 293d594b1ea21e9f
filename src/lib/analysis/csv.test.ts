import { describe, expect, it } from 'vitest';
import { pct, toCsv } from './csv';

describe('csv', () => {
	it('quotes commas, quotes and newlines, and starts with a BOM', () => {
		expect(
			toCsv(
				['a', 'b'],
				[
					['x,y', 'say "hi"'],
					[1, null]
				]
			)
		).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n1,\r\n');
	});
	it('formats shares', () => {
		expect(pct(1 / 3)).toBe('33.3%');
		expect(pct(null)).toBe('—');
	});
});
