// What the planning map shows before any run (GET /api/siting/context): the existing facilities of a
// type with their reach drawn as areas, every building with households as reached or not (the very
// rule and figures of a run's "before", hence of the dashboard's facility coverage), the households
// reached per street and community; and the grid of candidates a run would use (GET /api/siting/grid).
import { z } from 'zod';
import { decimal, text } from '../input';
import { db } from '../db/pool';
import type { Scope } from '../auth/roles';
import { LIFE_CIRCLES, type SitingContext } from '$lib/planning/types';
import { AreaParam } from '../analysis/frame';
import { DEFAULT_SPACING_M } from './request';
import { gridCandidates, resolveArea, resolveReach } from './service';
import { summarise, type DemandRow } from './outcome';
import demandSql from './demand.sql?raw';
import contextSql from './context.sql?raw';
import reachAreasSql from './reach-areas.sql?raw';

/** The query of GET /api/siting/context: type, reach (life circle or walk in metres) and area. */
export const ContextQuery = z
	.object({
		type: text({ max: 50 }),
		lifeCircle: z.enum(LIFE_CIRCLES).optional(),
		walkM: decimal(z.number().positive().max(5000, 'must be at most 5000 m').optional()),
		areaId: AreaParam
	})
	.strict();

/** The query of GET /api/siting/grid: the area and the grid spacing (m). */
export const GridQuery = z
	.object({
		areaId: AreaParam,
		spacing: decimal(
			z
				.number()
				.min(50, 'must be at least 50 m')
				.max(5000, 'must be at most 5000 m')
				.default(DEFAULT_SPACING_M)
		)
	})
	.strict();

/**
 * The map context before a run. Errors: 400 naming `type`, `areaId` (unknown, or out of scope: 403).
 * Figures are households; shares 0–1; radiusM metres (straight line).
 */
export async function planningContext(q: z.infer<typeof ContextQuery>, scope: Scope): Promise<SitingContext> {
	const { reach, walkM, lifeCircle, radius } = await resolveReach(q.type, q.lifeCircle, q.walkM);
	const areaId = await resolveArea(q.areaId, scope);
	const [{ rows: demand }, { rows: ctx }] = await Promise.all([
		db().query<DemandRow>(demandSql, [q.type, radius, areaId]),
		db().query(contextSql, [q.type, radius, areaId])
	]);
	const existing: SitingContext['existing'] = ctx[0].existing;
	const ids = [...new Set(demand.flatMap((d) => [d.communityId, d.streetId]).filter((v) => v !== null))];
	const [{ rows: names }, { rows: reachFc }] = await Promise.all([
		db().query<{ id: number; name: string; level: 'street' | 'community' }>(
			`SELECT id, name, level FROM areas WHERE id = ANY($1::int[]) AND level IN ('street', 'community')`,
			[ids]
		),
		db().query<{ fc: GeoJSON.FeatureCollection }>(reachAreasSql, [existing.map((e) => e.id), radius])
	]);
	const summary = summarise(demand, [], radius, null, [], new Map(names.map((n) => [n.id, n])));
	return {
		rule: {
			type: q.type,
			lifeCircle,
			walkM,
			detour: reach.detour,
			radiusM: radius,
			measure: 'straight-line'
		},
		areaId,
		totals: {
			buildings: summary.totals.buildings,
			households: summary.totals.households,
			before: summary.totals.before,
			beforeShare: summary.totals.beforeShare
		},
		areas: summary.areas.map(({ id, name, level, households, before }) => ({
			id,
			name,
			level,
			households,
			before
		})),
		existing,
		reach: reachFc[0].fc,
		outlines: ctx[0].outlines,
		demand: summary.demand.map(([lon, lat, households, state]) => [lon, lat, households, state === 1 ? 1 : 0])
	};
}

/** The grid candidates a run with this spacing would use, as [lon, lat]; 400 naming `spacing` when too many. */
export async function gridPreview(q: z.infer<typeof GridQuery>, scope: Scope): Promise<[number, number][]> {
	const areaId = await resolveArea(q.areaId, scope);
	const rows = await gridCandidates(q.spacing, areaId, 'spacing');
	return rows.map((c) => [Number(c.lon.toFixed(6)), Number(c.lat.toFixed(6))]);
}
