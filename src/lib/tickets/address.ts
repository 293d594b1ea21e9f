// Reading a typed address (`城建花苑3栋`, `吉州区 阳明花园 １２号楼２单元301`) and judging the
// compounds that may match it. Pure functions, shared by the server's lookup and its tests.
import { pinyin } from 'pinyin-pro';

/** What an address says: the place name, a building number, and the unit / room text as typed. */
export interface ParsedAddress {
	/** the text as read: NFKC (全角 → 半角), without spaces and punctuation around the name */
	normalized: string;
	/** the place name part (district / street / compound…), before the building number */
	name: string;
	/** the building number's digits (`3` for 3栋, 3号楼, 3幢, 三栋, 3#), or null */
	building: string | null;
	/** what follows the building (unit, floor, room), as typed; null when nothing */
	detail: string | null;
}

const DIGIT: Record<string, number> = {
	零: 0,
	〇: 0,
	一: 1,
	二: 2,
	两: 2,
	三: 3,
	四: 4,
	五: 5,
	六: 6,
	七: 7,
	八: 8,
	九: 9
};

/** 十二 → 12, 二十 → 20, 三 → 3 (up to 99); null when not a Chinese number. */
export function chineseNumber(s: string): number | null {
	if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return null;
	if (!s.includes('十')) return s.length === 1 ? DIGIT[s] : Number([...s].map((c) => DIGIT[c]).join(''));
	const [tens, ones] = s.split('十');
	return (tens ? DIGIT[tens] : 1) * 10 + (ones ? DIGIT[ones] : 0);
}

const BUILDING_WORD = '(?:号楼|栋|幢|座|#|＃|号)';
const UNIT_WORD = '(?:单元|门)';

/**
 * Parses an address. Chinese numbers count only before 栋 / 号楼 / 幢 / 单元 (so 康城三华庭 keeps
 * its 三); `12-2-301` reads as building 12, the rest detail.
 */
export function parseAddress(raw: string): ParsedAddress {
	let s = raw
		.normalize('NFKC')
		.replace(/[\s,，、。;；:：()（）]+/g, ' ')
		.trim();
	s = s.replace(new RegExp(`([零〇一二两三四五六七八九十]+)(?=${BUILDING_WORD}|${UNIT_WORD})`, 'g'), (m) =>
		String(chineseNumber(m) ?? m)
	);
	const normalized = s.replace(/\s+/g, '');
	let m = new RegExp(`^(.*?\\D)?\\s*(\\d+)\\s*${BUILDING_WORD}\\s*(.*)$`).exec(s);
	if (!m) m = /^(.*?\D)?\s*(\d+)\s*-\s*(\d+.*)$/.exec(s); // 12-2-301
	if (!m) m = /^(.*?[^\d\s])\s*(\d+)\s*$/.exec(s); // a bare trailing number: 城建花苑 3
	if (!m) return { normalized, name: normalized, building: null, detail: null };
	const detail = (m[3] ?? '').replace(/\s+/g, '').replace(/^[-]/, '');
	return {
		normalized,
		name: (m[1] ?? '').replace(/\s+/g, ''),
		building: String(Number(m[2])),
		detail: detail === '' ? null : detail
	};
}

/** The cost of writing a character as another one that sounds the same (see `sameSound`). */
export const HOMOPHONE_COST = 0.25;

const readings = new Map<string, string[]>();

/**
 * Whether two characters share a reading once tones are dropped (明 / 名 ming, 园 / 苑 / 圆 yuan):
 * the typo a pinyin input method makes. Readings from pinyin-pro's dictionary, every reading of a
 * polyphone (行: xing, hang, heng).
 */
export function sameSound(a: string, b: string): boolean {
	if (a === b) return true;
	const of = (ch: string) => {
		let r = readings.get(ch);
		if (!r) {
			r = /\p{Script=Han}/u.test(ch) ? pinyin(ch, { toneType: 'none', type: 'array', multiple: true }) : [];
			readings.set(ch, r);
		}
		return r;
	};
	const x = of(a);
	return x.length > 0 && of(b).some((r) => x.includes(r));
}

/**
 * Levenshtein distance between two strings, by code point. With `sound`, writing a character as
 * one that sounds the same costs HOMOPHONE_COST instead of 1.
 */
export function editDistance(a: string, b: string, sound = false): number {
	const x = Array.from(a);
	const y = Array.from(b);
	let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
	for (let i = 1; i <= x.length; i++) {
		const cur = [i];
		for (let j = 1; j <= y.length; j++) {
			const sub = x[i - 1] === y[j - 1] ? 0 : sound && sameSound(x[i - 1], y[j - 1]) ? HOMOPHONE_COST : 1;
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub);
		}
		prev = cur;
	}
	return prev[y.length];
}

/**
 * How well `name` (a compound's) matches the name part of an address, 0–1: 1 when equal; 0.95
 * (plus a little per character, so the longest contained name wins) when the address contains it;
 * otherwise 1 − the smallest edit distance between the name and any window of the address of its
 * length ± 1, over the name's length (one typo in a 4-character name: 0.75; one character written
 * as a homophone, as a pinyin input method does: 0.9375).
 */
export function nameScore(name: string, query: string): number {
	if (!name || !query) return 0;
	if (query === name) return 1;
	const n = Array.from(name).length;
	if (query.includes(name)) return Math.min(0.99, 0.95 + n * 0.005);
	const q = Array.from(query);
	let best = n;
	for (let len = Math.max(1, n - 1); len <= n + 1; len++) {
		if (len > q.length) {
			best = Math.min(best, editDistance(name, query, true));
			continue;
		}
		for (let i = 0; i + len <= q.length; i++)
			best = Math.min(best, editDistance(name, q.slice(i, i + len).join(''), true));
	}
	return Math.max(0, 1 - best / n);
}

export interface Candidate {
	id: number;
	name: string;
	districtId: number;
	streetId: number;
	communityId: number;
	/** the building with the asked number in this compound, when there is one */
	buildingId: number | null;
}

export interface Scored<C extends Candidate> {
	candidate: C;
	score: number;
	/** the address names this compound exactly as it is written (its name part is the name) */
	exact: boolean;
}

/** Areas the address names (district, street, community ids), found by the caller in its text. */
export type NamedAreas = Set<number>;

/** The smallest score of an answer, and how far ahead of the next a located one must be. */
export const MIN_SCORE = 0.5;
export const CONFIDENT = 0.74;
export const MARGIN = 0.15;

/**
 * Ranks candidates: the name's score, +0.05 inside an area the address names (−0.15 outside all of
 * them), and when a building number was asked +0.03 for a compound that has it (−0.1 without).
 */
export function rank<C extends Candidate>(
	candidates: C[],
	parsed: ParsedAddress,
	query: string,
	areas: NamedAreas
): Scored<C>[] {
	return candidates
		.map((c) => {
			let score = nameScore(c.name, query);
			if (areas.size > 0)
				score += [c.districtId, c.streetId, c.communityId].some((a) => areas.has(a)) ? 0.05 : -0.15;
			if (parsed.building) score += c.buildingId ? 0.03 : -0.1;
			return { candidate: c, score: Math.round(score * 1000) / 1000, exact: c.name === query };
		})
		.filter((s) => s.score >= MIN_SCORE)
		.sort((a, b) => b.score - a.score || a.candidate.id - b.candidate.id);
}

export type Verdict = 'located' | 'ambiguous' | 'none';

/**
 * One clear answer (located) when the best is confident, has the building asked for, and is clearly
 * ahead of the next (by MARGIN) — or is the one compound whose name the address spells exactly
 * (城建花苑 beside its homophone 城建花园); several (ambiguous) otherwise; none when nothing scores.
 */
export function verdict<C extends Candidate>(ranked: Scored<C>[], parsed: ParsedAddress): Verdict {
	if (ranked.length === 0) return 'none';
	const [top, next] = ranked;
	const ahead = !next || next.score < top.score - MARGIN || (top.exact && !next.exact);
	const clear = top.score >= CONFIDENT && ahead;
	const building = !parsed.building || top.candidate.buildingId != null;
	return clear && building ? 'located' : 'ambiguous';
}
