// Areas: the city → district → street → community tree (the KPIs of a subtree: ../analysis/dashboard.ts).
import { db } from '../db/pool';

export interface AreaRow {
	id: number;
	code: string;
	name: string;
	level: 'city' | 'district' | 'street' | 'community';
	parentId: number | null;
	households: number | null;
}

export async function listAreas(filter: { parentId?: number; level?: AreaRow['level'] }): Promise<AreaRow[]> {
	const { rows } = await db().query<AreaRow>(
		`SELECT id, code, name, level, parent_id AS "parentId", households FROM areas
		 WHERE retired_at IS NULL AND ($1::int IS NULL OR parent_id = $1) AND ($2::text IS NULL OR level = $2)
		 ORDER BY code`,
		[filter.parentId ?? null, filter.level ?? null]
	);
	return rows;
}
