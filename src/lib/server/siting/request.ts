// The request of POST /api/siting: validated with zod, every refusal an InputError naming the field.
import { z } from 'zod';
import { controlCharacterPath, text } from '../input';
import { CANDIDATE_CRS, LIFE_CIRCLES, type SitingRequest } from '$lib/planning/types';
import { InputError } from '../http';

/** Largest number of candidate sites a run accepts (grid or client). */
export const MAX_CANDIDATES = 20_000;
export const MAX_K = 100;
export const DEFAULT_SPACING_M = 250;

const candidates = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('grid'),
		spacing: z.number().min(50, 'must be at least 50 m').max(5000, 'must be at most 5000 m').optional()
	}),
	z.object({
		kind: z.literal('geojson'),
		geojson: z
			.unknown()
			.refine((v) => v !== undefined && v !== null, 'a GeoJSON FeatureCollection is required'),
		crs: z.enum(CANDIDATE_CRS).optional()
	})
]);

/** The body of POST /api/siting. */
export const SitingBody = z
	.object({
		type: text({ max: 50 }),
		lifeCircle: z.enum(LIFE_CIRCLES).optional(),
		walkM: z
			.number()
			.positive('must be a positive number of metres')
			.max(5000, 'must be at most 5000 m')
			.optional(),
		k: z.number().int('must be a whole number').positive('must be at least 1').max(MAX_K).optional(),
		target: z.number().gt(0, 'must be a share above 0').max(1, 'must be a share of at most 1').optional(),
		areaId: z.number().int().positive().optional(),
		candidates,
		method: z.enum(['auto', 'heuristic']).optional()
	})
	.strict();

export function parseSitingRequest(body: unknown): SitingRequest {
	const bad = controlCharacterPath(body);
	if (bad) throw new InputError(400, bad.path, 'holds a control character', bad.kind);
	const r = SitingBody.safeParse(body);
	if (!r.success) {
		const issue = r.error.issues[0];
		if (issue.code === 'unrecognized_keys') {
			const key = [...issue.path, issue.keys[0]].join('.');
			const hint = key === 'radius' ? ': give walkM (a walking distance, m) or lifeCircle' : '';
			throw new InputError(400, key, `unknown field${hint}`);
		}
		throw new InputError(400, issue.path.join('.') || 'body', issue.message);
	}
	const req = r.data as SitingRequest;
	if (req.k === undefined && req.target === undefined)
		throw new InputError(400, 'k', 'give k (the number of new sites) or target (a share of households)');
	if (req.k !== undefined && req.target !== undefined)
		throw new InputError(400, 'target', 'give either k or target, not both');
	return req;
}
