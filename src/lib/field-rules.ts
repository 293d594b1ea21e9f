// The rules of the city's text fields, defined once: the edit forms and the edit API
// (src/lib/server/editing/schemas.ts), the importer (src/lib/server/import/fields.ts) and the
// database's CHECKs (tested to agree: tests/integration/field-rules.test.ts) all read them, so a value
// one accepts the others accept, and a dry run predicts the commit. Lengths count characters (code
// points), as PostgreSQL's length() does. Pure; used in the browser too.

export interface TextRule {
	/** at most this many characters (after trimming and normalising) */
	max: number;
	/** the value after trimming must match (checked after `normalise`) */
	pattern?: RegExp;
	/** what the pattern means, for the refusal */
	means?: string;
	/** how a value is stored (e.g. a credit code in capitals): applied before checking */
	normalise?: (s: string) => string;
}

export const TEXT_RULES = {
	/** record codes (areas, compounds, buildings, facilities, party organizations, people, tickets …) */
	code: { max: 40, pattern: /^[A-Za-z0-9_.-]+$/, means: 'letters, digits, _ . - (up to 40)' },
	/** unified social credit code (GB 32100-2015): stored in capitals; its check character is the database's */
	creditCode: {
		max: 18,
		pattern: /^[0-9A-HJ-NPQRTUWXY]{18}$/,
		means: '18 characters of the credit-code alphabet (GB 32100-2015)',
		normalise: (s: string) => s.toUpperCase()
	},
	/** names of companies, compounds, grid cells, facilities, party organizations, people */
	name: { max: 200 },
	/** names of areas (the areas table's CHECK) */
	areaName: { max: 100 },
	address: { max: 300 },
	/** a building's number within its compound (3栋) */
	buildingNumber: { max: 20 },
	phone: { max: 20, pattern: /^[0-9+\- ]{5,20}$/, means: '5–20 digits, +, - or spaces' },
	/** a ticket's description (the tickets table's CHECK) */
	description: { max: 4000 }
} as const satisfies Record<string, TextRule>;

export type TextRuleName = keyof typeof TEXT_RULES;

/** Characters as PostgreSQL counts them (code points, not UTF-16 units). */
export const charLength = (s: string): number => Array.from(s).length;

/**
 * A text value checked against its rule: trimmed, normalised, then length and pattern. Returns the
 * value to store, or the reason it cannot be (a sentence for a person).
 */
export function checkText(rule: TextRule, raw: string): { value: string } | { error: string } {
	const trimmed = raw.trim();
	const v = rule.normalise ? rule.normalise(trimmed) : trimmed;
	const n = charLength(v);
	if (n > rule.max) return { error: `longer than ${rule.max} characters (${n})` };
	if (rule.pattern && !rule.pattern.test(v)) return { error: `"${v.slice(0, 60)}" is not ${rule.means}` };
	return { value: v };
}
