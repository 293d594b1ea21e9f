// The walking-reach rule of GB 50180-2018 life circles, shared by facility coverage and siting
// (README "Walking distance"). When the road network is in force (walk_rule() = 'network': pgRouting
// and roads, migration 330) a building's households are reached when its walk to the nearest facility
// over the network (building_walk.distance_m) ≤ the walk of the life circle; a building more than
// 100 m from the network, and every building when there is no network, is measured by straight-line
// distance × the type's detour factor instead (flagged: rule 'straight-line').
import { db } from '../db/pool';

export const LIFE_CIRCLE_WALK_M = { '5min': 300, '10min': 500, '15min': 1000 } as const;
export type LifeCircle = keyof typeof LIFE_CIRCLE_WALK_M;
/** building_walk keeps walks up to this many metres (migration 330): a longer walk is straight line × detour. */
export const WALK_LIMIT_M = 1000;
/** A building (or a candidate site) farther than this from the network is measured by straight line. */
export const OFF_NETWORK_M = 100;

export interface Reach {
	type: string;
	lifeCircle: LifeCircle;
	walkM: number;
	detour: number;
}

/** How one building's figure was measured: a walk over the road network, or straight line × detour. */
export type Measure = 'network' | 'straight-line';

/** The straight-line radius (m) that a walk of walkM covers with the given detour factor. */
export const straightLineRadius = (walkM: number, detour: number) => walkM / detour;

export async function reachRules(): Promise<Reach[]> {
	const { rows } = await db().query<Reach>(
		`SELECT type, life_circle AS "lifeCircle", walk_m AS "walkM", detour FROM facility_reach ORDER BY type`
	);
	return rows;
}

/**
 * Whether walking distances over the road network are in force: 'network', or why not
 * ('no-pgrouting': the server has no pgRouting; 'no-network': no roads loaded). SQL: walk_rule().
 */
export async function walkRule(): Promise<'network' | 'no-pgrouting' | 'no-network'> {
	const { rows } = await db().query<{ r: 'network' | 'no-pgrouting' | 'no-network' }>(
		`SELECT walk_rule() AS r`
	);
	return rows[0].r;
}
