// Locating a report from typed text, offline, in the city's own compounds and buildings
// (README "Tickets: locating a report"). The names within one edit of a piece of the text come
// from a symmetric-delete index (migration 370); only when there are none, pg_trgm finds the names
// that share characters with the text (migration 142). `rank` and `verdict`
// (src/lib/tickets/address.ts) judge them.
import { db, withTransaction, type Queryable } from '../db/pool';
import { InputError } from '../http';
import { parseAddress, rank, verdict, type Candidate, type Verdict } from '../../tickets/address';
import locateSql from './locate.sql?raw';
import areaNamesSql from './area-names.sql?raw';
import placeSql from './place.sql?raw';
import routeSql from './route.sql?raw';

export const MAX_ADDRESS_CHARS = 200;

/** pg_trgm similarity thresholds of the name probe, strictest first (see `locate`). */
const PROBE_THRESHOLDS = [0.5, 0.3] as const;

interface Row extends Candidate {
	districtName: string;
	streetName: string;
	communityName: string;
	lon: number;
	lat: number;
	buildingNumber: string | null;
	buildingLon: number | null;
	buildingLat: number | null;
}

/** One answer: the compound, the building when the text named one that exists, and a point. */
export interface Place {
	compoundId: number;
	compoundName: string;
	buildingId: number | null;
	buildingNumber: string | null;
	/** district street community compound+building, as a ticket's address reads */
	address: string;
	/** the building's point on surface when found, else the compound's (WGS84) */
	lon: number;
	lat: number;
	/** 0–1 and a little more; see `rank` */
	score: number;
}

export interface Location {
	/** located: one clear answer; ambiguous: several (best first); none: nothing close */
	status: Verdict;
	/** the unit / room text after the building, as typed (kept in the ticket's address) */
	detail: string | null;
	candidates: Place[];
}

let areaCache: { at: number; areas: { id: number; name: string; short: string | null }[] } | undefined;

async function areaNames(q: Queryable) {
	if (!areaCache || Date.now() - areaCache.at > 60_000) {
		const { rows } = await q.query<{ id: number; name: string; short: string | null }>(areaNamesSql);
		areaCache = { at: Date.now(), areas: rows };
	}
	return areaCache.areas;
}

/**
 * Finds the place an address names. `field` names the input in errors: empty (after trimming) or
 * longer than 200 characters is a 400. Ambiguity and no match are answers, not errors.
 */
export async function locate(text: string, field = 'q'): Promise<Location> {
	const trimmed = text.trim();
	if (trimmed === '') throw new InputError(400, field, 'must not be empty');
	if (Array.from(trimmed).length > MAX_ADDRESS_CHARS)
		throw new InputError(400, field, `at most ${MAX_ADDRESS_CHARS} characters`);
	const parsed = parseAddress(trimmed);
	// the areas it names (full names anywhere, districts' short names at the start) weigh the
	// candidates; full names are taken out of the name part
	let name = parsed.name;
	const named = new Set<number>();
	for (const a of await areaNames(db())) {
		if (a.name.length >= 2 && name.includes(a.name)) {
			named.add(a.id);
			name = name.replace(a.name, '');
		} else if (a.short && name.startsWith(a.short)) named.add(a.id);
	}
	if (name === '') return { status: 'none', detail: parsed.detail, candidates: [] };
	const subs = substrings(name);
	const params = (loose: boolean) => [nameChars(name), subs, parsed.building, nameVariants(subs), loose];
	// rank() judges every row a probe finds. First the names within one edit of a piece of the text
	// (the name typed right, or with one character wrong, added or left out, with or without a
	// suffix such as 小区 typed after it): equality probes of an index, fast in any city.
	const rows = await withTransaction(async (c) => {
		// The probes read a few dozen rows, but the planner cannot tell from an array overlap and
		// would start a parallel worker, which costs more than the whole query (160 ms under load).
		await c.query('SET LOCAL max_parallel_workers_per_gather = 0');
		// rank() judges every row a probe finds. First the names within one edit of a piece of the
		// text (the name typed right, or with one character wrong, added or left out, with or
		// without a suffix such as 小区 typed after it): equality probes of an index, fast in any city.
		const near = await c.query<Row>(locateSql, params(false));
		if (near.rows.length > 0) return near.rows;
		// Only when none is that close, pg_trgm's `%` over the characters: strict first, where half a
		// name (a common ending such as 花园, shared by thousands of compounds in a large city) does
		// not pass; then the looser threshold that also finds a short name with a typo.
		for (const threshold of PROBE_THRESHOLDS) {
			await c.query(`SET LOCAL pg_trgm.similarity_threshold = ${threshold}`);
			const found = await c.query<Row>(locateSql, params(true));
			if (found.rows.length > 0) return found.rows;
		}
		return [];
	});
	const ranked = rank(rows, parsed, name, named);
	const status = verdict(ranked, parsed);
	const top = status === 'located' ? ranked.slice(0, 1) : ranked.slice(0, 6);
	return {
		status,
		detail: parsed.detail,
		candidates: top.map(({ candidate: r, score }) => ({
			compoundId: r.id,
			compoundName: r.name,
			buildingId: r.buildingId,
			buildingNumber: r.buildingNumber,
			address: [r.districtName, r.streetName, r.communityName, r.name + (r.buildingNumber ?? '')].join(' '),
			lon: r.buildingLon ?? r.lon,
			lat: r.buildingLat ?? r.lat,
			score
		}))
	};
}

/**
 * Every run of 2–30 characters of `s` (code points), each once: the names a compound could have that
 * the text spells exactly, probed by equality on the name index (migration 272) instead of a scan
 * for names contained in the text.
 */
export function substrings(s: string): string[] {
	const ch = Array.from(s);
	const out = new Set<string>();
	for (let i = 0; i < ch.length; i++)
		for (let n = 2; n <= 30 && i + n <= ch.length; n++) out.add(ch.slice(i, i + n).join(''));
	return [...out];
}

/** Names longer than this (in characters) are not probed for a typo (none in a real city). */
const MAX_VARIANT_CHARS = 13;

/**
 * The strings a compound's `name_deletions` (migration 370) must share with the text for its name
 * to be within one edit of one of the text's substrings: each substring itself, and for those of
 * 4–13 characters each one-character deletion (symmetric delete, Wolf Garbe's SymSpell, 2012). A
 * changed character leaves both sides sharing the string without it; an added one, the name itself;
 * a left-out one, the substring itself. Like the index, no deletion shorter than 3 characters: two
 * characters such as 花园 are shared by thousands of names.
 */
export function nameVariants(subs: string[]): string[] {
	const out = new Set<string>(subs);
	for (const s of subs) {
		const ch = Array.from(s);
		if (ch.length < 4 || ch.length > MAX_VARIANT_CHARS) continue;
		for (let i = 0; i < ch.length; i++) out.add([...ch.slice(0, i), ...ch.slice(i + 1)].join(''));
	}
	return [...out];
}

/** The name with a space after every character, as migration 142's `name_chars` writes it. */
export const nameChars = (s: string) => Array.from(s, (ch) => `${ch} `).join('');

/** What a point falls in (the form's map picker): compound, building, grid cell and the address. */
export interface PointPlace {
	districtId: number | null;
	compoundId: number | null;
	buildingId: number | null;
	compoundName: string | null;
	buildingNumber: string | null;
	gridCellName: string | null;
	/** outside every compound: the nearest named road within 200 m (migration 270), else null */
	roadName: string | null;
	/** null outside the city */
	address: string | null;
}

/** Routes a point as intake does and names what it falls in. */
export async function placeAt(lon: number, lat: number): Promise<PointPlace> {
	const sql = placeSql.replace('/*route*/', routeSql.replace(/--[^\n]*\n/g, ''));
	return (await db().query<PointPlace>(sql, [lon, lat])).rows[0];
}
