// The address lookup of `npm run bench -- intake`: p50 / p95 of locating typed addresses (the
// ticket form's search and Open311 address_string) against a plain pg_trgm search over compound
// names (`name % q ORDER BY similarity`) on the same strings in the same run.
import './raw-imports';
import pg from 'pg';
import { mulberry32 } from '../../src/lib/random';

export interface LookupFigures {
	queries: number;
	lookupP50: number;
	lookupP95: number;
	trigramP50: number;
	trigramP95: number;
	/** share of queries whose first answer is the compound and building they were made from */
	firstRight: number;
	/** the same three figures over the addresses with a typo in the compound's name (every 4th) */
	typoQueries: number;
	typoP95: number;
	typoFirstRight: number;
}

/** Characters a typo puts into a name (a slip of the input method or of the hand). */
const TYPO_CHARS = ['律', '象', '蓝', '德', '泉', '锦'];

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Runs `n` lookups of addresses made from the database's own compounds and buildings. */
export async function addressLookupBench(url: string, n = 400): Promise<LookupFigures> {
	process.env.DATABASE_URL = url;
	const { locate } = await import('../../src/lib/server/tickets/locate');
	const { closeDb } = await import('../../src/lib/server/db/pool');
	const pool = new pg.Pool({ connectionString: url, max: 2 });
	try {
		const { rows } = await pool.query<{ compound: string; district: string; number: string }>(
			`SELECT c.name AS compound, d.name AS district, b.number FROM buildings b
			 JOIN compounds c ON c.id = b.compound_id JOIN areas d ON d.id = c.district_id
			 WHERE b.retired_at IS NULL AND b.number ~ '^[0-9]+栋$' ORDER BY b.code`
		);
		const rng = mulberry32(7);
		const texts = Array.from({ length: n }, (_, i) => {
			const r = rows[Math.floor(rng() * rows.length)];
			const num = r.number.replace('栋', '');
			// every 4th address has one character of the name changed (not the first)
			const typo = i % 4 === 3;
			const ch = Array.from(r.compound);
			if (typo) {
				const at = 1 + Math.floor(rng() * (ch.length - 1));
				ch[at] = TYPO_CHARS.find((t) => !ch.includes(t))!;
			}
			const name = ch.join('');
			const text = [`${name}${num}栋`, `${r.district}${name}${num}号楼2单元`, `${name} ${num}幢`][i % 3];
			return { text, typo, compound: r.compound, number: r.number };
		});
		await locate(texts[0].text); // warm the area-name cache and the connection
		const lookup: number[] = [];
		const typoLookup: number[] = [];
		const trigram: number[] = [];
		let right = 0;
		let typoRight = 0;
		for (const t of texts) {
			let t0 = performance.now();
			const found = await locate(t.text);
			lookup.push(performance.now() - t0);
			if (t.typo) typoLookup.push(lookup[lookup.length - 1]);
			const top = found.candidates[0];
			const ok = top?.compoundName === t.compound && top.buildingNumber === t.number;
			if (ok) right++;
			if (ok && t.typo) typoRight++;
			t0 = performance.now();
			await pool.query(
				`SELECT id, name FROM compounds WHERE name % $1 ORDER BY similarity(name, $1) DESC LIMIT 10`,
				[t.text]
			);
			trigram.push(performance.now() - t0);
		}
		return {
			queries: n,
			lookupP50: pct(lookup, 50),
			lookupP95: pct(lookup, 95),
			trigramP50: pct(trigram, 50),
			trigramP95: pct(trigram, 95),
			firstRight: right / n,
			typoQueries: typoLookup.length,
			typoP95: pct(typoLookup, 95),
			typoFirstRight: typoRight / typoLookup.length
		};
	} finally {
		await pool.end();
		await closeDb();
	}
}
