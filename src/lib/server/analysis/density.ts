// Ticket density (hexagon bins) and repeat hotspots: computed in PostGIS, scoped like the tickets.
import { z } from 'zod';
import { decimal } from '../input';
import { analysisQuery } from './query';
import { questionKey, snapshot } from './snapshot';
import { SqlWhere, ticketCondition } from '../auth/scope';
import type { Scope } from '../auth/roles';
import { InputError } from '../http';
import { TicketFilter, windowOf } from './filters';
import { sizeForZoom } from './hex';
import densitySql from './density.sql?raw';
import hexCellSql from './hex-cell.sql?raw';
import hotspotsSql from './hotspots.sql?raw';

const bbox = z
	.string()
	.transform((s, ctx) => {
		const n = s.split(',').map(Number);
		const ok =
			n.length === 4 &&
			n.every(Number.isFinite) &&
			n[0] >= -180 &&
			n[2] <= 180 &&
			n[1] >= -85 &&
			n[3] <= 85 &&
			n[0] < n[2] &&
			n[1] < n[3];
		if (!ok) {
			ctx.addIssue({ code: 'custom', message: 'minLon,minLat,maxLon,maxLat with min < max' });
			return z.NEVER;
		}
		return n as [number, number, number, number];
	})
	.optional();

export const DensityQuery = TicketFilter.extend({
	bbox,
	zoom: decimal(z.number().min(0).max(22).optional()),
	// hexagon size (centre to corner) in EPSG:3857 metres; ground metres are this × cos(latitude)
	size: decimal(z.number().min(10).max(100_000).optional())
});
export type DensityQuery = z.infer<typeof DensityQuery>;

export interface DensityCell {
	i: number;
	j: number;
	count: number;
	open: number;
	overdue: number;
	medianResolutionHours: number | null;
	geometry: GeoJSON.Polygon;
}

/** At most this many cells may fit in the bbox: a tiny size over a whole city is refused. */
const MAX_CELLS = 250_000;

function windowOrThrow(q: TicketFilter) {
	try {
		return windowOf(q);
	} catch (err) {
		throw new InputError(400, (err as Error).message.split(':')[0], (err as Error).message.split(': ')[1]);
	}
}

/** Windows longer than this many days are answered from a stored count (see density()). */
export const DENSITY_STORED_AFTER_DAYS = 31;

/**
 * Tickets per hexagon cell of size `size` (or the size of `zoom`, default 11) over the window, with the
 * filters and the caller's ticket scope: per cell the count, the open and late ones and the median
 * resolution time. A window longer than DENSITY_STORED_AFTER_DAYS reads every ticket of it (a year:
 * about a million at scale 40, 1.4–4.6 s), so its answer is kept as the dashboard's figures are
 * (snapshot.ts; per question as asked, scope included) and `asOf` says when it was counted; shorter
 * windows (a playback step, the last 30 days) and a grid worker's or steward's own tickets are counted
 * for each request (`asOf` null).
 * `opts.fresh` counts now whatever the window (exports). Errors: 400 naming `size` (too small for the
 * bbox) or `from` / `to` (an empty or too long window).
 */
export async function density(q: DensityQuery, scope: Scope, opts: { fresh?: boolean } = {}) {
	const w = windowOrThrow(q);
	const long = w.to.getTime() - w.from.getTime() > DENSITY_STORED_AFTER_DAYS * 86_400_000;
	// a grid worker's or steward's own few buildings are cheap to count and must move as they work
	const own = scope.kind === 'grid_cells' || scope.kind === 'buildings';
	if (!long || own || opts.fresh) return { ...(await countDensity(q, scope, w)), asOf: null };
	// the question as asked (an open end means "until now"), and who asks it
	const key = questionKey(
		'analysis/density',
		q.category,
		q.status,
		q.from,
		q.to,
		q.bbox,
		q.size,
		q.zoom,
		scope
	);
	const stored = await snapshot(key, () => countDensity(q, scope, windowOrThrow(q)));
	return { ...stored.value, asOf: stored.asOf.toISOString() };
}

async function countDensity(q: DensityQuery, scope: Scope, w: { from: Date; to: Date }) {
	const size = q.size ?? sizeForZoom(q.zoom ?? 11);
	if (q.bbox) {
		const [x0, y0, x1, y1] = q.bbox;
		// 3857 metres of the bbox over the area of one hexagon (2.598 s²)
		const area = (x1 - x0) * 111_320 * (y1 - y0) * 111_320 * 1.3;
		if (area / (2.598 * size * size) > MAX_CELLS)
			throw new InputError(400, 'size', `too small for this bbox (over ${MAX_CELLS} cells)`);
	}
	const params: unknown[] = [
		size,
		...(q.bbox ?? [null, null, null, null]),
		q.category ?? null,
		q.status ?? null,
		w.from,
		w.to
	];
	const sw = new SqlWhere(params);
	const rows = await analysisQuery<DensityCell>(
		densitySql
			.replace('/*hex cells*/', hexCellSql)
			.replace('/*scope*/', ticketCondition(scope, 'ticket-counts', sw)),
		sw.params
	);
	return {
		size,
		grid: 'ST_HexagonGrid EPSG:3857',
		from: w.from.toISOString(),
		to: w.to.toISOString(),
		total: rows.reduce((s, r) => s + r.count, 0),
		cells: rows
	};
}

export const HotspotQuery = TicketFilter.extend({
	min: decimal(z.number().int().min(2).max(1000).default(3))
});

export interface Hotspot {
	kind: 'building' | 'compound';
	id: number;
	category: string;
	tickets: number;
	name: string;
	lon: number;
	lat: number;
}

export async function hotspots(q: z.infer<typeof HotspotQuery>, scope: Scope) {
	const w = windowOrThrow(q);
	const params: unknown[] = [q.category ?? null, q.status ?? null, w.from, w.to, q.min];
	const sw = new SqlWhere(params);
	const rows = await analysisQuery<Hotspot>(
		hotspotsSql.replace('/*scope*/', ticketCondition(scope, 'ticket-counts', sw)),
		sw.params
	);
	return { from: w.from.toISOString(), to: w.to.toISOString(), min: q.min, hotspots: rows };
}
