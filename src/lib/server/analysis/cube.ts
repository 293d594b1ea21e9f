// The playback cube (GET /api/analysis/cube): ticket counts by hexagon cell × day × category for a
// window of whole Beijing days, in the caller's ticket scope, encoded by $lib/analysis/cube (binary).
import { z } from 'zod';
import { decimal, isoDay } from '../input';
import { analysisQuery } from './query';
import { SqlWhere, ticketCondition } from '../auth/scope';
import type { Scope } from '../auth/roles';
import { InputError } from '../http';
import { TicketFilter, windowOf } from './filters';
import { sizeForZoom } from './hex';
import { CATEGORIES } from '../tickets/service';
import { CUBE_ZOOMS, encodeCube, type CubeRow } from '$lib/analysis/cube';
import cubeSql from './cube.sql?raw';
import hexCellSql from './hex-cell.sql?raw';

/** The longest window a cube holds (a year and a day: the slider's 26 weeks fit, a year of days too). */
export const CUBE_MAX_DAYS = 366;
/** The largest cube answered; a bigger one is refused with 413 (choose a lower zoom or a shorter window). */
export const CUBE_MAX_BYTES = 5 * 1024 * 1024;

export const CubeQuery = z.object({
	status: TicketFilter.shape.status,
	from: isoDay(),
	to: isoDay(),
	zoom: decimal(z.number().int().min(CUBE_ZOOMS.min).max(CUBE_ZOOMS.max))
});
export type CubeQuery = z.infer<typeof CubeQuery>;

/**
 * The cube of [from, to) (whole days, Beijing dates) at the hexagon size of `zoom`
 * (sizeForZoom, as GET /api/analysis/density?zoom= without a bbox), as the wire format's bytes.
 * Throws InputError 400 `from` for an empty or too long window, 413 `zoom` for a cube over
 * CUBE_MAX_BYTES.
 */
export async function cube(q: CubeQuery, scope: Scope): Promise<Uint8Array<ArrayBuffer>> {
	let w: { from: Date; to: Date };
	try {
		w = windowOf({ category: undefined, status: q.status, from: q.from, to: q.to });
	} catch (err) {
		throw new InputError(400, 'from', (err as Error).message.split(': ')[1]);
	}
	const days = Math.round((w.to.getTime() - w.from.getTime()) / 86_400_000);
	if (days > CUBE_MAX_DAYS)
		throw new InputError(400, 'from', `the window is longer than ${CUBE_MAX_DAYS} days`);
	const size = sizeForZoom(q.zoom);
	const sw = new SqlWhere([size, q.status ?? null, w.from, w.to]);
	const rows = await analysisQuery<CubeRow>(
		cubeSql
			.replace('/*hex cells*/', hexCellSql)
			.replace('/*scope*/', ticketCondition(scope, 'ticket-counts', sw)),
		sw.params
	);
	const bytes = encodeCube(
		{ size, zoom: q.zoom, from: q.from, to: q.to, days, status: q.status ?? null },
		CATEGORIES,
		rows
	);
	if (bytes.length > CUBE_MAX_BYTES)
		throw new InputError(
			413,
			'zoom',
			`the cube is ${bytes.length} bytes (over ${CUBE_MAX_BYTES}): choose a lower zoom or a shorter window`
		);
	return bytes;
}
