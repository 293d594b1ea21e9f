// A district's land divided among its streets and towns (街道 / 乡镇), as in every real district: the
// layout builds each street around its built-up core (a block of communities), which leaves the
// fields, hills and villages between them to no street. A ticket filed out there then found no
// street to route to, and the map showed each street as a rectangle floating in its district.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { asMulti, type MultiPolygonCoords } from './districts';
import { M_PER_DEG_LAT, mPerDegLon } from './geometry';

/** Spacing of the points sampled along each unit's boundary for the Voronoi division (metres). */
export const SAMPLE_STEP_M = 150;

type Area = Feature<Polygon | MultiPolygon>;

/** Points every `stepM` metres along a ring, from its first vertex, in degrees. */
function sampleRing(ring: Position[], stepM: number): Position[] {
	const out: Position[] = [];
	let walked = 0; // metres along the ring to the start of the segment
	let next = 0; // metres along the ring to the next sample
	for (let k = 1; k < ring.length; k++) {
		const [ax, ay] = ring[k - 1];
		const [bx, by] = ring[k];
		const len = Math.hypot((bx - ax) * mPerDegLon((ay + by) / 2), (by - ay) * M_PER_DEG_LAT);
		for (; next < walked + len; next += stepM) {
			const t = (next - walked) / len;
			out.push([ax + (bx - ax) * t, ay + (by - ay) * t]);
		}
		walked += len;
	}
	return out;
}

/** The area a ring encloses on the plane (the shoelace formula, degrees scaled to metres at its first vertex), m². */
function planarAreaM2(ring: Position[]): number {
	const [x0, y0] = ring[0]; // coordinates from the first vertex: no cancellation of large products
	const mx = mPerDegLon(y0);
	let twice = 0;
	for (let k = 1; k < ring.length; k++) {
		const [ax, ay] = [(ring[k - 1][0] - x0) * mx, (ring[k - 1][1] - y0) * M_PER_DEG_LAT];
		const [bx, by] = [(ring[k][0] - x0) * mx, (ring[k][1] - y0) * M_PER_DEG_LAT];
		twice += ax * by - bx * ay;
	}
	return Math.abs(twice) / 2;
}

/** How far off a straight line a point may lie and still count as on it (degrees, about 1 mm). */
const ON_LINE_DEG = 1e-8;

/**
 * A ring without spikes: where the boundary runs out to a vertex and straight back along itself
 * (p → v → n with n on the segment p–v, or p on v–n), the tip v is dropped. Polygon clipping leaves
 * such a spike, a few metres long and of no area, where a Voronoi cell's edge meets a unit's
 * boundary almost along it; PostGIS rejects the ring as self-intersecting.
 */
export function dropSpikes(ring: Position[]): Position[] {
	const pts = ring.slice(0, -1);
	const onSegment = (q: Position, a: Position, b: Position) => {
		const dx = b[0] - a[0];
		const dy = b[1] - a[1];
		const len2 = dx * dx + dy * dy;
		if (len2 === 0) return true;
		const t = ((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2;
		if (t < 0 || t > 1) return false;
		return Math.abs((q[0] - a[0]) * dy - (q[1] - a[1]) * dx) / Math.sqrt(len2) < ON_LINE_DEG;
	};
	for (let changed = true; changed && pts.length > 3;) {
		changed = false;
		for (let k = 0; k < pts.length && pts.length > 3; k++) {
			const p = pts[(k + pts.length - 1) % pts.length];
			const v = pts[k];
			const n = pts[(k + 1) % pts.length];
			if (onSegment(n, p, v) || onSegment(p, v, n)) {
				pts.splice(k, 1);
				changed = true;
				k--;
			}
		}
	}
	return [...pts, pts[0]];
}

/**
 * Divides a district's land among its units (streets and towns): every unit keeps its own polygon
 * and takes the land no unit holds that lies nearer to it than to any other unit, so that the units
 * tile the land exactly (no gap, no overlap, up to floating-point slivers).
 *
 * "Nearer" is measured to points sampled every `stepM` metres along each unit's boundary (the
 * Voronoi regions of those points, Okabe et al., "Spatial Tessellations", ch. 3: the sampled
 * approximation of the Voronoi diagram of polygons). Each connected piece of land (the river splits
 * a district into its banks) is divided only among the units on that piece, so no unit reaches
 * across the river; a piece with no unit on it goes to the units nearest to it.
 *
 * @param land the district's land (degrees, WGS84), e.g. the district minus the river's band
 * @param units the units' polygons, inside `land` and pairwise disjoint (degrees)
 * @param stepM spacing of the boundary samples (metres)
 * @returns each unit's grown polygon, in the order of `units` (RFC 7946 orientation); a unit that
 *   gains nothing is returned unchanged
 */
export function divideLand(
	land: Area,
	units: MultiPolygonCoords[],
	stepM = SAMPLE_STEP_M
): MultiPolygonCoords[] {
	if (units.length === 0) return [];
	const unitFeatures = units.map((u) => turf.multiPolygon(u));
	const taken = units.length === 1 ? unitFeatures[0] : turf.union(turf.featureCollection(unitFeatures));
	const gained: Area[][] = units.map(() => []);
	for (const piece of asMulti(land.geometry)) {
		const pieceFeature = turf.polygon(piece);
		const rest = taken
			? turf.difference(turf.featureCollection<Polygon | MultiPolygon>([pieceFeature, taken]))
			: pieceFeature;
		if (!rest) continue;
		// the units' polygons on this piece of land, else every unit's (the nearest then win)
		let seeds = units.flatMap((u, i) =>
			u
				.filter((poly) => turf.booleanIntersects(turf.polygon(poly), pieceFeature))
				.map((poly) => ({ i, poly }))
		);
		if (seeds.length === 0) seeds = units.flatMap((u, i) => u.map((poly) => ({ i, poly })));
		const owners = new Set(seeds.map((s) => s.i));
		if (owners.size === 1) {
			gained[[...owners][0]].push(rest);
			continue;
		}
		const points: Feature<Point, { i: number }>[] = [];
		const seen = new Set<string>();
		for (const { i, poly } of seeds)
			for (const p of sampleRing(poly[0], stepM)) {
				const key = `${p[0]},${p[1]}`;
				if (seen.has(key)) continue; // a corner two units share: d3's Voronoi drops duplicates
				seen.add(key);
				points.push(turf.point(p, { i }));
			}
		const [w, s, e, n] = turf.bbox(
			turf.featureCollection<Polygon | MultiPolygon>([pieceFeature, ...unitFeatures])
		);
		const cells = turf.voronoi(turf.featureCollection(points), {
			bbox: [w - 0.05, s - 0.05, e + 0.05, n + 0.05]
		});
		const regions: Feature<Polygon>[][] = units.map(() => []);
		cells.features.forEach((cell, k) => {
			if (cell) regions[points[k].properties.i].push(cell);
		});
		const parts: Area[] = [];
		regions.forEach((cellsOfUnit, i) => {
			if (cellsOfUnit.length === 0) return;
			const region =
				cellsOfUnit.length === 1 ? cellsOfUnit[0] : turf.union(turf.featureCollection(cellsOfUnit));
			const part = region && turf.intersect(turf.featureCollection<Polygon | MultiPolygon>([region, rest]));
			if (part) {
				gained[i].push(part);
				parts.push(part);
			}
		});
		// what the regions missed (a sample point so close to another that the Voronoi diagram gives it
		// no cell leaves a hole of up to some hundred m²) goes to the unit of the nearest sample point
		const covered = parts.length > 1 ? turf.union(turf.featureCollection(parts)) : parts[0];
		const missed = covered
			? turf.difference(turf.featureCollection<Polygon | MultiPolygon>([rest, covered]))
			: rest;
		for (const poly of missed ? asMulti(missed.geometry) : []) {
			if (planarAreaM2(poly[0]) < 1) continue;
			const [x, y] = turf.pointOnFeature(turf.polygon(poly)).geometry.coordinates;
			let [best, owner] = [Infinity, -1];
			for (const p of points) {
				const [px, py] = p.geometry.coordinates;
				const d = (px - x) ** 2 + (py - y) ** 2;
				if (d < best) [best, owner] = [d, p.properties.i];
			}
			gained[owner].push(turf.polygon(poly));
		}
	}
	return units.map((u, i) => {
		if (gained[i].length === 0) return u;
		const grown = turf.union(turf.featureCollection<Polygon | MultiPolygon>([unitFeatures[i], ...gained[i]]));
		if (!grown) return u;
		// clipping's slivers (a part or hole under a square metre, measured on the plane: a sliver of
		// three collinear vertices has no area there, while turf.area's geodesic edges find one) go
		const parts = asMulti((turf.rewind(grown) as Area).geometry)
			.map((poly) => poly.filter((ring, k) => k === 0 || planarAreaM2(ring) >= 1))
			.filter((poly) => planarAreaM2(poly[0]) >= 1);
		return parts.map((poly) => poly.map(dropSpikes));
	});
}
