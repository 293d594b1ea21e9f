// Search by name (areas, compounds, companies, facilities, party organizations) with pg_trgm.
// Base entities only: no person is searchable, so every signed-in role gets the same hits; each hit
// that carries figures says how much of it lies in the user's scope (其中本辖区 / 不在本辖区), by the
// features' one rule (features/service.ts).
import { db } from '../db/pool';
import type { Scope } from '../auth/roles';
import { scopeReaches } from '../features/service';
import searchSql from './search.sql?raw';
import type { SearchHit } from '$lib/map/types';

export type { SearchHit };

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The best `limit` hits for `q` (pg_trgm similarity, exact and prefix matches first), each with the
 * reach of the user's scope when its kind carries figures (areas, compounds, companies).
 */
export async function search(q: string, limit: number, scope: Scope): Promise<SearchHit[]> {
	const { rows } = await db().query<SearchHit>(searchSql, [q, escapeLike(q), limit]);
	const reach = await scopeReaches(rows, scope);
	return rows.map((h, i) => (reach[i] ? { ...h, scope: reach[i] } : h));
}
