import { describe, expect, it } from 'vitest';
import { createSchema, crossFieldProblem, GeoJsonInput, updateSchema } from './schemas';

describe('edit request shapes', () => {
	it('names the field of each bad value', () => {
		const r = createSchema('companies').safeParse({ name: '', creditCode: 'abc' });
		expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['creditCode', 'name']);
		const u = updateSchema('people').safeParse({ version: 0, phone: 'call me' });
		expect(u.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['phone', 'version']);
	});

	it('upper-cases a credit code and needs a version on edits', () => {
		const r = createSchema('companies').parse({
			name: '吉安物业',
			creditCode: '91360802mA35l0xx1x'.replace(/l/g, '1')
		});
		expect(r.creditCode).toBe('91360802MA3510XX1X');
		expect(updateSchema('facilities').safeParse({ capacity: 3 }).success).toBe(false);
	});

	it('takes a GeoJSON geometry or a Feature holding one', () => {
		const p = { type: 'Point', coordinates: [115, 27] };
		expect(GeoJsonInput.parse({ type: 'Feature', geometry: p, properties: {} })).toEqual(p);
		expect(GeoJsonInput.safeParse({ type: 'Point', coordinates: [200, 27] }).success).toBe(false);
		expect(
			GeoJsonInput.safeParse({
				type: 'LineString',
				coordinates: [
					[1, 2],
					[3, 4]
				]
			}).success
		).toBe(false);
	});
});

describe('cross-field rules', () => {
	it('keeps dates in order and required fields present on the merged record', () => {
		expect(
			crossFieldProblem('instructors', {
				personId: 1,
				companyId: 2,
				startOn: '2024-05-01',
				endOn: '2024-04-30'
			})
		).toEqual({
			field: 'endOn',
			message: 'must not be before startOn (2024-05-01)'
		});
		expect(
			crossFieldProblem('instructors', {
				personId: 1,
				companyId: 2,
				startOn: '2024-05-01',
				endOn: '2024-05-01'
			})
		).toBeNull();
		expect(
			crossFieldProblem('buildings', { code: 'B1', compoundId: 1, number: '1', floors: 6, geom: null })?.field
		).toBe('geom');
		expect(
			crossFieldProblem('party-orgs', { name: 'x', kind: 'branch', foundedOn: '2999-01-01' })?.field
		).toBe('foundedOn');
	});
});
