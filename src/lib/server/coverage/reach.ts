// The walking-reach rule of GB 50180-2018 life circles, shared by facility coverage and siting:
// a building's households are reached by a facility when straight-line distance × detour ≤ walk.
// With no road network loaded this is the honest approximation; the UI says so.
import { db } from '../db/pool';

export const LIFE_CIRCLE_WALK_M = { '5min': 300, '10min': 500, '15min': 1000 } as const;
export type LifeCircle = keyof typeof LIFE_CIRCLE_WALK_M;

export interface Reach {
	type: string;
	lifeCircle: LifeCircle;
	walkM: number;
	detour: number;
}

/** The straight-line radius (m) that a walk of walkM covers with the given detour factor. */
export const straightLineRadius = (walkM: number, detour: number) => walkM / detour;

export async function reachRules(): Promise<Reach[]> {
	const { rows } = await db().query<Reach>(
		`SELECT type, life_circle AS "lifeCircle", walk_m AS "walkM", detour FROM facility_reach ORDER BY type`
	);
	return rows;
}
