// Request shapes of the edit API, built from the shared field list (src/lib/editing/fields.ts) with
// the constraints the database also enforces, so a bad value is refused naming its field.
import { z } from 'zod';
import { isoDay, text as plainText } from '../input';
import { beijingToday } from '$lib/days';
import { FIELDS, type EntityName, type FieldMeta } from '$lib/editing/fields';
import { charLength, TEXT_RULES, type TextRule } from '$lib/field-rules';
import { governanceProblem } from '../governance/rules';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
const geometry = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Point'), coordinates: position }),
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })
]);
/** A GeoJSON geometry in WGS84, or a Feature holding one (what a drawing tool or a file gives). */
export const GeoJsonInput = z.union([
	geometry,
	z
		.object({ type: z.literal('Feature'), geometry, properties: z.unknown().optional() })
		.transform((f) => f.geometry)
]);
export type GeoJsonGeometry = z.infer<typeof geometry>;

/**
 * A text field under its shared rule ($lib/field-rules: the importer and the database use the same),
 * on the one text boundary (control characters refused, invisible characters trimmed: ../input).
 */
function ruled(rule: TextRule, min = 1): z.ZodType {
	return plainText({ max: rule.max, min })
		.transform((s) => (rule.normalise ? rule.normalise(s) : s))
		.refine((s) => charLength(s) <= rule.max, `at most ${rule.max} characters`)
		.refine((s) => !rule.pattern || s === '' || rule.pattern.test(s), rule.means ?? 'wrong format');
}
const text = ruled(TEXT_RULES.name);
// Per-field constraints beyond the type (as the table's CHECKs have them).
const SPECIAL: Record<string, z.ZodType> = {
	creditCode: ruled(TEXT_RULES.creditCode),
	code: ruled(TEXT_RULES.code),
	floors: z.int().min(1).max(200),
	yearBuilt: z.int().min(1900).max(2100),
	phone: ruled(TEXT_RULES.phone),
	floorArea: z.number().positive().max(1e8),
	address: ruled(TEXT_RULES.address, 0),
	number: ruled(TEXT_RULES.buildingNumber),
	// governance records: longer free text
	note: plainText({ max: 2000, min: 0, multiline: true }),
	topics: plainText({ max: 2000, min: 0, multiline: true }),
	content: plainText({ max: 2000, multiline: true }),
	departments: plainText({ max: 500, min: 0 }),
	owner: plainText({ max: 200 }),
	votesFor: z.int().min(0).max(1_000_000),
	votesAgainst: z.int().min(0).max(1_000_000),
	votesAbstain: z.int().min(0).max(1_000_000)
};

function fieldSchema(f: FieldMeta): z.ZodType {
	if (SPECIAL[f.name]) return SPECIAL[f.name];
	switch (f.type) {
		case 'text':
			return text;
		case 'int':
			return z.int().min(0).max(100_000_000);
		case 'number':
			return z.number().min(0);
		case 'date':
			return isoDay();
		case 'select':
			return z.enum(f.options as [string, ...string[]]);
		case 'ref':
			return z.int().positive().max(2_147_483_647);
		case 'refs':
			return z.array(z.int().positive().max(2_147_483_647)).max(200);
		case 'geometry':
			return GeoJsonInput;
		case 'bool':
			return z.boolean();
	}
}

function shape(entity: EntityName, partial: boolean) {
	const out: Record<string, z.ZodType> = {};
	for (const f of FIELDS[entity]) {
		const s = fieldSchema(f);
		out[f.name] = partial || !f.required ? s.nullable().optional() : s;
	}
	return out;
}

const cache = new Map<string, z.ZodType>();

/** The body of a create: every required field, no unknown ones. */
export function createSchema(entity: EntityName) {
	const key = `c:${entity}`;
	if (!cache.has(key)) cache.set(key, z.object(shape(entity, false)).strict());
	return cache.get(key) as z.ZodType<Record<string, unknown>>;
}

/** The body of an edit: the version it started from, and only the fields that change. */
export function updateSchema(entity: EntityName) {
	const key = `u:${entity}`;
	if (!cache.has(key))
		cache.set(
			key,
			z
				.object({ ...shape(entity, true), version: z.int().positive(), retired: z.boolean().optional() })
				.strict()
		);
	return cache.get(key) as z.ZodType<Record<string, unknown> & { version: number; retired?: boolean }>;
}

/** Rules across fields, checked on the merged record (current values + the edit). */
export function crossFieldProblem(
	entity: EntityName,
	v: Record<string, unknown>
): { field: string; message: string } | null {
	if ('startOn' in v && v.endOn && v.startOn && String(v.endOn) < String(v.startOn))
		return { field: 'endOn', message: `must not be before startOn (${v.startOn})` };
	if (entity === 'party-orgs' && v.foundedOn && String(v.foundedOn) > beijingToday())
		return { field: 'foundedOn', message: 'must not be in the future' };
	const governance = governanceProblem(entity, v, beijingToday());
	if (governance) return governance;
	for (const f of FIELDS[entity])
		if (f.required && (v[f.name] === null || v[f.name] === undefined || v[f.name] === ''))
			return { field: f.name, message: 'is required' };
	return null;
}
