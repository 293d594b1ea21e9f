// Splitting and merging grid cells. Both keep the community tiled by its live cells (checked after
// the write, in the same transaction: a tiling that breaks rolls everything back) and can be
// previewed first: which buildings and how many households move to another cell.
import { z } from 'zod';
import { text } from '../input';
import { scopeOf, type SessionUser } from '../auth/roles';
import { withTransaction, type Queryable } from '../db/pool';
import { InputError } from '../http';
import { writeAudit } from '../audit/log';
import {
	assertScope,
	ConflictError,
	createRecord,
	readRecord,
	updateRecord,
	type EditRecord
} from './service';
import tilingSql from './tiling.sql?raw';
import splitSql from './split-pieces.sql?raw';
import mergeSql from './merge-moves.sql?raw';

const id = z.int().positive().max(2_147_483_647);
const line = z.object({
	type: z.literal('LineString'),
	coordinates: z.array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])).min(2)
});

export const SplitBody = z
	.object({
		cellId: id,
		version: z.int().positive(),
		line: z.union([
			line,
			z.object({ type: z.literal('Feature'), geometry: line }).transform((f) => f.geometry)
		]),
		newCode: z
			.string()
			.trim()
			.regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - (up to 40)'),
		newName: text({ max: 200 }).optional(),
		newWorkerId: id.nullable().optional(),
		preview: z.boolean().optional()
	})
	.strict();

export const MergeBody = z
	.object({
		cells: z
			.array(z.object({ id, version: z.int().positive() }).strict())
			.min(2)
			.max(20),
		preview: z.boolean().optional()
	})
	.strict();

export interface Tiling {
	uncoveredM2: number;
	outsideM2: number;
	overlapM2: number;
	tiles: boolean;
}

export async function communityTiling(q: Queryable, communityId: number): Promise<Tiling> {
	const { rows } = await q.query(tilingSql, [communityId]);
	const r = rows[0];
	const t = { uncoveredM2: r.uncovered_m2, outsideM2: r.outside_m2, overlapM2: r.overlap_m2 };
	return { ...t, tiles: t.uncoveredM2 < 1 && t.outsideM2 < 1 && t.overlapM2 < 1 };
}

export interface Moves {
	buildings: number;
	households: number;
	buildingCodes: string[];
}

async function lockCell(
	q: Queryable,
	user: SessionUser,
	cellId: number,
	version: number,
	field: string
): Promise<EditRecord> {
	const cell = await readRecord(q, 'grid-cells', cellId, true);
	if (!cell || cell.retiredAt)
		throw new InputError(404, field, `grid cell ${cellId} does not exist or is retired`);
	await assertScope(q, 'grid-cells', scopeOf(user), cell);
	if (cell.version !== version) throw new ConflictError(version, cell, []);
	return cell;
}

export async function splitCell(body: z.infer<typeof SplitBody>, user: SessionUser) {
	return withTransaction(async (q) => {
		const cell = await lockCell(q, user, body.cellId, body.version, 'cellId');
		let pieces;
		try {
			({ rows: pieces } = await q.query(splitSql, [body.cellId, JSON.stringify(body.line)]));
		} catch (err) {
			throw new InputError(400, 'line', `cannot cut the cell: ${(err as Error).message}`);
		}
		if (pieces.length !== 2)
			throw new InputError(
				422,
				'line',
				`must cut the cell into exactly two pieces (it gives ${pieces.length}): draw it across the cell, from edge to edge`
			);
		const moves: Moves = {
			buildings: pieces[1].buildings,
			households: pieces[1].households,
			buildingCodes: pieces[1].building_codes
		};
		const preview = {
			keep: { areaM2: pieces[0].area_m2, households: pieces[0].households, geom: pieces[0].geom },
			new: { areaM2: pieces[1].area_m2, households: pieces[1].households, geom: pieces[1].geom },
			moves
		};
		if (body.preview) return { preview, cells: [] as EditRecord[] };
		// the larger piece stays the cell (its id, code and worker); the smaller becomes a new one
		const kept = await updateRecord(
			'grid-cells',
			cell.id,
			{ version: cell.version, geom: pieces[0].geom },
			user,
			q
		);
		const created = await createRecord(
			'grid-cells',
			{
				code: body.newCode,
				name: body.newName ?? `${cell.name}（二）`,
				communityId: cell.communityId,
				workerId: body.newWorkerId === undefined ? cell.workerId : body.newWorkerId,
				geom: pieces[1].geom
			},
			user,
			q
		);
		await assertTiles(q, cell.communityId as number);
		await writeAudit(q, {
			actorUserId: user.id,
			action: 'split',
			entity: 'grid-cells',
			entityId: cell.id,
			after: { kept: kept.id, created: created.id, moves },
			note: `split ${cell.code} → ${kept.code} + ${created.code}`
		});
		return { preview, cells: [kept, created] };
	});
}

async function assertTiles(q: Queryable, communityId: number) {
	const t = await communityTiling(q, communityId);
	if (!t.tiles)
		throw new InputError(
			422,
			'geom',
			`the cells would no longer tile community ${communityId} (uncovered ${t.uncoveredM2.toFixed(1)} m², overlapping ${t.overlapM2.toFixed(1)} m²)`
		);
}

export async function mergeCells(body: z.infer<typeof MergeBody>, user: SessionUser) {
	const ids = body.cells.map((c) => c.id);
	if (new Set(ids).size !== ids.length) throw new InputError(400, 'cells', 'lists a cell twice');
	return withTransaction(async (q) => {
		const cells: EditRecord[] = [];
		for (const [i, c] of body.cells.entries())
			cells.push(await lockCell(q, user, c.id, c.version, `cells.${i}.id`));
		const community = cells[0].communityId;
		const other = cells.findIndex((c) => c.communityId !== community);
		if (other >= 0) throw new InputError(422, `cells.${other}.id`, 'lies in another community');
		const { rows } = await q.query(
			`SELECT ST_NumGeometries(u)::int AS parts, ST_AsGeoJSON(u, 7)::jsonb AS geom
			 FROM (SELECT ST_UnaryUnion(ST_Collect(geom)) AS u FROM grid_cells WHERE id = ANY ($1::int[])) s`,
			[ids]
		);
		if (rows[0].parts !== 1)
			throw new InputError(422, 'cells', 'are not adjacent: their union has several parts');
		const { rows: m } = await q.query(mergeSql, [ids[0], ids]);
		const moves: Moves = {
			buildings: m[0].buildings,
			households: m[0].households,
			buildingCodes: m[0].building_codes
		};
		const preview = { geom: rows[0].geom, moves };
		if (body.preview) return { preview, cells: [] as EditRecord[] };
		// retire the others first: the kept cell's new shape would overlap them while they are live
		for (const c of cells.slice(1))
			await updateRecord('grid-cells', c.id, { version: c.version, retired: true }, user, q, true);
		const kept = await updateRecord(
			'grid-cells',
			ids[0],
			{ version: cells[0].version, geom: rows[0].geom },
			user,
			q
		);
		await assertTiles(q, community as number);
		await writeAudit(q, {
			actorUserId: user.id,
			action: 'merge',
			entity: 'grid-cells',
			entityId: kept.id,
			after: { kept: kept.id, retired: ids.slice(1), moves },
			note: `merged ${cells.map((c) => c.code).join(' + ')} → ${kept.code}`
		});
		return { preview, cells: [kept] };
	});
}
