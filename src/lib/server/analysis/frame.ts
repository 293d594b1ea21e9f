// The area an analysis is about: the one asked for, else the user's own (officials) or the city; always
// inside the user's scope. Children are the areas one level down, the rows of the drill-down tables.
import { InputError } from '../http';
import { z } from 'zod';
import { decimal } from '../input';
import { db } from '../db/pool';
import { assertAreaInScope } from '../auth/scope';
import type { Scope } from '../auth/roles';
import type { AreaRef } from '../../api-types';

/** An area of the frame (the shape the answers name areas in). */
export type FrameArea = AreaRef;

export interface Frame {
	area: FrameArea;
	children: FrameArea[];
}

export const AreaParam = decimal(z.number().int().positive().max(2_147_483_647).optional());

const AREA_COLUMNS = `id, code, name, level, parent_id AS "parentId"`;

export async function frameOf(areaId: number | undefined, scope: Scope): Promise<Frame> {
	const id =
		areaId ??
		(scope.kind === 'area' || scope.kind === 'dispatch'
			? scope.areaId
			: (
					await db().query(
						`SELECT id FROM areas WHERE level = 'city' AND retired_at IS NULL ORDER BY id LIMIT 1`
					)
				).rows[0]?.id);
	const { rows } = await db().query<FrameArea>(`SELECT ${AREA_COLUMNS} FROM areas WHERE id = $1`, [id]);
	if (!rows[0]) throw new InputError(404, 'area', `${id} does not exist`);
	await assertAreaInScope(db(), scope, id);
	const children = await db().query<FrameArea>(
		`SELECT ${AREA_COLUMNS} FROM areas WHERE parent_id = $1 AND retired_at IS NULL ORDER BY code`,
		[id]
	);
	return { area: rows[0], children: children.rows };
}

/** Rows keyed by area id (0 = the whole area) → one row per child, in order, and the total. */
export function byChild<T>(
	frame: Frame,
	rows: (T & { key: number })[],
	empty: () => T
): { total: T; children: (T & { area: FrameArea })[] } {
	const at = new Map(rows.map((r) => [Number(r.key), r]));
	const strip = (r: (T & { key: number }) | undefined): T => {
		if (!r) return empty();
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { key, ...rest } = r;
		return rest as T;
	};
	return {
		total: strip(at.get(0)),
		children: frame.children.map((area) => ({ area, ...strip(at.get(area.id)) }))
	};
}
