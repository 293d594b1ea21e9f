import { describe, expect, it } from 'vitest';
import {
	chineseNumber,
	editDistance,
	nameScore,
	parseAddress,
	sameSound,
	rank,
	verdict,
	type Candidate
} from './address';

describe('reading an address', () => {
	it('takes the building number whatever the word, width or numeral', () => {
		for (const s of [
			'城建花苑3栋',
			'城建花苑3号楼',
			'城建花苑3幢',
			'城建花苑３栋',
			'城建花苑 三栋',
			'城建花苑3#'
		])
			expect(parseAddress(s), s).toMatchObject({ name: '城建花苑', building: '3' });
	});

	it('keeps the unit and room as typed, and reads 12-2-301 as building 12', () => {
		expect(parseAddress('阳明花园 12栋2单元')).toEqual({
			normalized: '阳明花园12栋2单元',
			name: '阳明花园',
			building: '12',
			detail: '2单元'
		});
		expect(parseAddress('阳明花园12-2-301')).toMatchObject({ building: '12', detail: '2-301' });
	});

	it("leaves a compound name's own numerals alone", () => {
		expect(parseAddress('康城三华庭5栋')).toMatchObject({ name: '康城三华庭', building: '5' });
		expect(parseAddress('康城三华庭')).toMatchObject({ name: '康城三华庭', building: null });
	});

	it('reads Chinese numbers up to 99', () => {
		expect([
			chineseNumber('三'),
			chineseNumber('十'),
			chineseNumber('十二'),
			chineseNumber('二十'),
			chineseNumber('九十九')
		]).toEqual([3, 10, 12, 20, 99]);
		expect(chineseNumber('花')).toBeNull();
	});
});

describe('judging candidates', () => {
	it('measures edits by character', () => {
		expect(editDistance('城建花苑', '城建花园')).toBe(1);
		expect(editDistance('', '阳明')).toBe(2);
	});

	it('counts a character written as a homophone (a pinyin input slip) as a quarter of an edit', () => {
		expect(sameSound('明', '名')).toBe(true);
		expect(sameSound('园', '苑')).toBe(true);
		expect(sameSound('明', '光')).toBe(false);
		expect(sameSound('行', '航')).toBe(true); // 行 reads xing and hang
		expect(sameSound('3', '三')).toBe(false);
		expect(editDistance('阳名花园', '阳明花园', true)).toBe(0.25);
		expect(editDistance('阳名花园', '阳光花园', true)).toBe(1);
		expect(editDistance('阳名花园', '阳明花园')).toBe(1);
	});

	it('scores a contained name near 1 and one typo in four characters 0.75', () => {
		expect(nameScore('阳明花园', '吉州区阳明花园')).toBeGreaterThan(0.95);
		expect(nameScore('城建花苑', '城建花坛')).toBe(0.75);
		expect(nameScore('城建花苑', '城建花园')).toBe(0.9375);
		expect(nameScore('阳明花园', '康城小区')).toBe(0);
	});

	const c = (id: number, name: string, buildingId: number | null = null): Candidate => ({
		id,
		name,
		districtId: 1,
		streetId: 2,
		communityId: 3,
		buildingId
	});

	it('locates one clear answer, and calls two close ones ambiguous', () => {
		const p = parseAddress('城建花苑3栋');
		const one = rank([c(1, '城建花苑', 10), c(2, '阳光花园', 11)], p, p.name, new Set());
		expect(verdict(one, p)).toBe('located');
		expect(one[0].candidate.id).toBe(1);
		const q = parseAddress('翰林X雅居');
		const two = rank([c(1, '翰林一雅居'), c(2, '翰林二雅居')], q, q.name, new Set());
		expect(verdict(two, q)).toBe('ambiguous');
		expect(two).toHaveLength(2);
	});

	it('locates a homophone slip, and the exactly spelt name beside its homophone', () => {
		const p = parseAddress('阳名花园5栋');
		const r = rank([c(1, '阳光花园', 10), c(2, '阳明花园', 11)], p, p.name, new Set());
		expect(r.map((x) => x.candidate.id)).toEqual([2, 1]);
		expect(verdict(r, p)).toBe('located');
		const q = parseAddress('城建花苑3栋');
		const both = rank([c(1, '城建花园', 10), c(2, '城建花苑', 11)], q, q.name, new Set());
		expect(both[0].candidate.id).toBe(2);
		expect(verdict(both, q)).toBe('located');
		// 圆 sounds like both 园 and 苑: two answers, never one
		const y = parseAddress('城建花圆3栋');
		expect(verdict(rank([c(1, '城建花园', 10), c(2, '城建花苑', 11)], y, y.name, new Set()), y)).toBe(
			'ambiguous'
		);
	});

	it('does not locate a building that the compound lacks', () => {
		const p = parseAddress('城建花苑99栋');
		const r = rank([c(1, '城建花苑', null)], p, p.name, new Set());
		expect(r[0].candidate.id).toBe(1);
		expect(verdict(r, p)).toBe('ambiguous');
	});

	it('prefers the compound inside an area the address names', () => {
		const p = parseAddress('康城小区');
		const inside = { ...c(1, '康城小区'), districtId: 7 };
		const outside = { ...c(2, '康城小区'), districtId: 8 };
		const r = rank([outside, inside], p, p.name, new Set([7]));
		expect(r[0].candidate.id).toBe(1);
		expect(verdict(r, p)).toBe('located');
		expect(verdict(rank([outside, inside], p, p.name, new Set()), p)).toBe('ambiguous');
	});
});
