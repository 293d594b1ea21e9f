import { describe, expect, it } from 'vitest';
import { beijingIso, csvCell, neutralise, toCsv, unneutralise } from './csv';

describe('the one CSV writer', () => {
	it('neutralises text a spreadsheet would run as a formula (OWASP), and only text', () => {
		for (const s of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])
			expect(neutralise(s), JSON.stringify(s)).toBe(`'${s}`);
		for (const s of ['楼道漏水', 'a=b', "it's", '', '1-2']) expect(neutralise(s)).toBe(s);
		// numbers stay numbers, negative ones too
		expect(csvCell(-12.5)).toBe('-12.5');
		expect(csvCell('-12.5')).toBe("'-12.5");
		// quoted as RFC 4180 after neutralising
		expect(csvCell('=1,2')).toBe(`"'=1,2"`);
		expect(csvCell('\rx')).toBe(`"'\rx"`);
	});

	it('round-trips every text through neutralise and unneutralise, apostrophes included', () => {
		for (const s of ['=1', "'=1", "''+x", "'plain", 'plain', '-', "'", '@', '\t=x'])
			expect(unneutralise(neutralise(s)), JSON.stringify(s)).toBe(s);
	});

	it('writes a BOM, CRLF lines, Beijing times and JSON for objects', () => {
		const csv = toCsv(['at', 'n', 'o', 'none'], [[new Date('2025-01-01T16:30:00Z'), 3, { a: '=x' }, null]]);
		expect(csv).toBe('\ufeffat,n,o,none\r\n2025-01-02T00:30:00+08:00,3,"{""a"":""=x""}",\r\n');
		expect(beijingIso(new Date('2025-01-01T16:30:00.250Z'))).toBe('2025-01-02T00:30:00.250+08:00');
		// instants given as text in another zone are written in Beijing time too; Beijing ones as they are
		expect(csvCell('2025-01-01T16:30:00.000Z')).toBe('2025-01-02T00:30:00+08:00');
		expect(csvCell('2025-01-01T09:30:00-05:00')).toBe('2025-01-01T22:30:00+08:00');
		expect(csvCell('2025-01-02T00:30:00.123456+08:00')).toBe('2025-01-02T00:30:00.123456+08:00');
		expect(csvCell('2025-01-02')).toBe('2025-01-02');
	});
});
