// Search by name (areas, compounds, companies, facilities, party organizations) with pg_trgm.
// Base entities only: no person is searchable, so every signed-in role gets the same answers.
import { db } from '../db/pool';
import searchSql from './search.sql?raw';
import type { SearchHit } from '$lib/map/types';

export type { SearchHit };

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function search(q: string, limit: number): Promise<SearchHit[]> {
	const { rows } = await db().query<SearchHit>(searchSql, [q, escapeLike(q), limit]);
	return rows;
}
