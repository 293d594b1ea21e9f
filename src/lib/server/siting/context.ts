// What the planning map shows before any run (GET /api/siting/context): the existing facilities of a
// type with their reach drawn as areas, every building with households as reached or not (the very
// rule and figures of a run's "before", hence of the dashboard's facility coverage), the households
// reached per street and community; and the grid of candidates a run would use (GET /api/siting/grid).
import { z } from 'zod';
import { decimal, text } from '../input';
import { db } from '../db/pool';
import { analysisQuery } from '../analysis/query';
import type { Scope } from '../auth/roles';
import { LIFE_CIRCLES, type SitingContext } from '$lib/planning/types';
import { AreaParam } from '../analysis/frame';
import { DEFAULT_SPACING_M } from './request';
import { demandOf, gridCandidates, resolveArea, resolveReach, snapToNetwork } from './service';
import { summarise } from './outcome';
import contextSql from './context.sql?raw';
import reachAreasSql from './reach-areas.sql?raw';
import reachNetworkSql from './reach-network.sql?raw';
import { OFF_NETWORK_M, walkRule } from '../coverage/reach';

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
 * Figures are households; shares 0–1; radiusM metres (straight line); rule.measure how reach is
 * measured (walks over the road network, or straight line), and per building (demand[i][4]).
 */
export async function planningContext(q: z.infer<typeof ContextQuery>, scope: Scope): Promise<SitingContext> {
	const { reach, walkM, lifeCircle, radius, measure, network } = await resolveReach(
		q.type,
		q.lifeCircle,
		q.walkM
	);
	const areaId = await resolveArea(q.areaId, scope);
	const [demand, ctx] = await Promise.all([
		demandOf(q.type, radius, areaId, walkM, measure),
		analysisQuery<{ existing: SitingContext['existing']; outlines: unknown }>(contextSql, [
			q.type,
			radius,
			areaId
		])
	]);
	const existing: SitingContext['existing'] = ctx[0].existing;
	const ids = [...new Set(demand.flatMap((d) => [d.communityId, d.streetId]).filter((v) => v !== null))];
	const [{ rows: names }, reachFc] = await Promise.all([
		db().query<{ id: number; name: string; level: 'street' | 'community' }>(
			`SELECT id, name, level FROM areas WHERE id = ANY($1::int[]) AND level IN ('street', 'community')`,
			[ids]
		),
		// the reach drawn: over the network, the walkable pieces within the walk; else the straight-line discs
		measure === 'network'
			? analysisQuery<{ fc: GeoJSON.FeatureCollection }>(reachNetworkSql, [
					existing.map((e) => e.id),
					walkM,
					OFF_NETWORK_M
				])
			: analysisQuery<{ fc: GeoJSON.FeatureCollection }>(reachAreasSql, [existing.map((e) => e.id), radius])
	]);
	const summary = summarise(demand, [], () => [], null, [], new Map(names.map((n) => [n.id, n])));
	return {
		rule: {
			type: q.type,
			lifeCircle,
			walkM,
			detour: reach.detour,
			radiusM: radius,
			measure,
			network
		},
		areaId,
		totals: {
			buildings: summary.totals.buildings,
			households: summary.totals.households,
			networkHouseholds: summary.totals.networkHouseholds,
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
		demand: summary.demand.map(([lon, lat, households, state, straight]) => [
			lon,
			lat,
			households,
			state === 1 ? 1 : 0,
			straight
		])
	};
}

/**
 * The grid candidates a run with this spacing would use, as [lon, lat] (snapped onto the road network
 * when walks over it are in force, as a run does); 400 naming `spacing` when too many.
 */
export async function gridPreview(q: z.infer<typeof GridQuery>, scope: Scope): Promise<[number, number][]> {
	const areaId = await resolveArea(q.areaId, scope);
	let rows = await gridCandidates(q.spacing, areaId, 'spacing');
	if ((await walkRule()) === 'network') rows = await snapToNetwork(rows);
	return rows.map((c) => [Number(c.lon.toFixed(6)), Number(c.lat.toFixed(6))]);
}
