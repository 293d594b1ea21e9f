// The generator's internal model: the rows plus the lookups the layout and activity need.
import type { Feature, Polygon } from 'geojson';
import type { Random } from './random';
import {
	DAY,
	SHANGHAI,
	type CityBase,
	type CompoundRow,
	type AreaRow,
	type GenerateOptions,
	type Point,
	type Rect
} from './rows';
import type { TicketCategory } from './names';

// ---------------------------------------------------------------------------------------------
// the model (internal shapes, with the lookups the activity generator needs)

export interface Stripe {
	x0: number;
	x1: number;
	cuts: { y0: number; y1: number; cell: number | null }[];
}
export interface CompoundModel {
	row: CompoundRow;
	districtIdx: number;
	stripe: Stripe;
	inner: Rect;
	buildings: number[];
	jizhou: boolean;
	communityIdx: number;
	/** longitude of the compound's spine path and gates (layout.ts compoundFootways) */
	spineX?: number;
	/**
	 * The wall as planned (before the city's warp, warp.ts): what points in the compound's margin are
	 * drawn in (layout.ts marginPoint); `row.ring` holds the warped wall once the city is warped.
	 */
	planRing?: Point[];
}
export interface CommunityModel {
	row: AreaRow;
	districtId: number;
	committee: number[];
	compounds: number[];
}
export interface Model {
	base: CityBase;
	compounds: CompoundModel[];
	communities: CommunityModel[];
	buildingCell: (number | null)[];
	cellWorker: Map<number, number | null>;
	companyHead: Map<number, number>;
	hotspots: { compound: number; category: TicketCategory }[];
	chengjian: number;
	/** Maps a planned point to its place in the warped city (warp.ts); the identity without a warp. */
	warp: (p: Point) => Point;
	/** The edge of 吉州区's built-up area in plan coordinates (urban-edge.ts); null without 吉州区. */
	builtUpEdge: Feature<Polygon> | null;
}

export function toNow(now: GenerateOptions['now']): number {
	if (now === undefined) return Math.floor(Date.now() / 60_000) * 60_000;
	const t = typeof now === 'number' ? now : now.getTime();
	if (!Number.isFinite(t)) throw new Error('now must be a valid date');
	return t;
}

export const isoDate = (t: number) => new Date(t + SHANGHAI).toISOString().slice(0, 10);

export function randomDate(rng: Random, fromYear: number, toMs: number): string {
	const from = Date.UTC(fromYear, 0, 1);
	return isoDate(from + rng.next() * Math.max(0, toMs - from - DAY));
}
