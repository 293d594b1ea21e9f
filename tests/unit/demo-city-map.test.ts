// The demo city as a map: at several seeds, buildings sit inside their compounds, compounds inside
// their communities, no road crosses a building, compounds are walled (their paths stay inside, their
// gates reach a road), and only bridges cross the Gan river, all in the warped city (warp.ts): the
// geometry as it is written. Real names and official codes come from the shipped fixture. The same
// in PostGIS: tests/integration/demo-seeds.test.ts.
import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { communitiesOf, divisions, displayName } from '../../src/lib/server/demo/divisions';
import { buildCity, rectRing, type CityBase, type Rect } from '../../src/lib/server/demo/generate';
import { JIZHOU_STREETS } from '../../src/lib/server/demo/names';

const NOW = Date.UTC(2025, 5, 1, 4, 0);
const SEEDS = [1, 7, 20240701];
const cities = new Map<number, CityBase>();
const city = (seed: number) => {
	let c = cities.get(seed);
	if (!c) cities.set(seed, (c = buildCity({ seed, now: NOW }).base));
	return c;
};
const ringPoly = (ring: number[][]) => turf.polygon([ring]);
const boxesTouch = (a: number[], b: number[]) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
const boxOf = (points: number[][]): Rect => {
	const b: Rect = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [x, y] of points) {
		b[0] = Math.min(b[0], x);
		b[1] = Math.min(b[1], y);
		b[2] = Math.max(b[2], x);
		b[3] = Math.max(b[3], y);
	}
	return b;
};

/** Whether segments p-q and a-b meet (closed; collinear overlaps count). */
function segmentsMeet(p: number[], q: number[], a: number[], b: number[]): boolean {
	const orient = (u: number[], v: number[], w: number[]) =>
		Math.sign((v[0] - u[0]) * (w[1] - u[1]) - (v[1] - u[1]) * (w[0] - u[0]));
	const on = (u: number[], v: number[], w: number[]) =>
		Math.min(u[0], v[0]) <= w[0] &&
		w[0] <= Math.max(u[0], v[0]) &&
		Math.min(u[1], v[1]) <= w[1] &&
		w[1] <= Math.max(u[1], v[1]);
	const [o1, o2, o3, o4] = [orient(p, q, a), orient(p, q, b), orient(a, b, p), orient(a, b, q)];
	if (o1 !== o2 && o3 !== o4) return true;
	return (
		(o1 === 0 && on(p, q, a)) ||
		(o2 === 0 && on(p, q, b)) ||
		(o3 === 0 && on(a, b, p)) ||
		(o4 === 0 && on(a, b, q))
	);
}
const inRect = (p: number[], r: Rect) => p[0] >= r[0] && p[0] <= r[2] && p[1] >= r[1] && p[1] <= r[3];
/** Whether segment p-q meets the closed polygon of a ring: crosses or touches an edge, or lies inside. */
const segmentMeetsRing = (p: number[], q: number[], ring: number[][]) => {
	for (let k = 1; k < ring.length; k++) if (segmentsMeet(p, q, ring[k - 1], ring[k])) return true;
	return turf.booleanPointInPolygon(p, ringPoly(ring));
};

describe.each(SEEDS)('the demo city map, seed %i', { timeout: 120_000 }, (seed) => {
	it('puts every building inside its compound and every compound inside its community', () => {
		const c = city(seed);
		const compounds = new Map(c.compounds.map((x) => [x.id, x]));
		let outside = 0;
		for (const b of c.buildings) {
			const wall = ringPoly(compounds.get(b.compound_id)!.ring);
			if (!turf.booleanContains(wall, ringPoly(b.ring))) outside++;
		}
		expect(outside).toBe(0);
		// the warp turned them a little: their south faces (the ring's first edge) no longer all run due
		// east, but every one still faces south within 25°
		const turns = c.buildings.map((b) => {
			const [p, q] = b.ring;
			const east = (q[0] - p[0]) * 111_320 * Math.cos((p[1] * Math.PI) / 180);
			return Math.abs((Math.atan2((q[1] - p[1]) * 110_574, east) * 180) / Math.PI);
		});
		expect(Math.max(...turns)).toBeLessThan(25);
		expect(turns.filter((t) => t > 1).length / turns.length).toBeGreaterThan(0.5);
		// facilities and tickets placed in a compound's margin stand inside its wall
		let astray = 0;
		for (const f of c.facilities)
			if (
				f.compound_id &&
				f.point &&
				!turf.booleanPointInPolygon(f.point, ringPoly(compounds.get(f.compound_id)!.ring))
			)
				astray++;
		expect(astray).toBe(0);
		const areas = new Map(c.areas.map((a) => [a.id, a]));
		let sticking = 0;
		// a wall lies in a polygon when its vertices do and no vertex of the polygon is inside the wall
		for (const x of c.compounds) {
			const geom = areas.get(x.community_id)!.geom;
			const community = turf.multiPolygon(geom);
			const wall = ringPoly(x.ring);
			const box = boxOf(x.ring);
			const cornersIn = x.ring.every((p) => turf.booleanPointInPolygon(p, community));
			const vertexInside = geom
				.flat(2)
				.some((p) => inRect(p, box) && turf.booleanPointInPolygon(p, wall, { ignoreBoundary: true }));
			if (!cornersIn || vertexInside) sticking++;
		}
		expect(sticking).toBe(0);
		expect(c.buildings.length).toBeGreaterThan(5000);
	});

	it('walls each compound: its paths stay inside it, its two gates reach a road, every building is near a path', () => {
		const c = city(seed);
		const byName = new Map(c.compounds.map((x) => [x.name, x]));
		const footways = c.roads.filter((r) => r.class === 'footway');
		const streets = c.roads.filter((r) => r.class !== 'footway');
		// unnamed paths: both ends inside one compound
		const paths = footways.filter((f) => f.name === null);
		expect(paths.length).toBeGreaterThan(c.compounds.length);
		const pathsOf = new Map<number, typeof paths>();
		const stray: string[] = [];
		for (const f of paths) {
			const home = c.compounds.find(
				(x) =>
					f.line.every((p) => inRect(p, boxOf(x.ring))) &&
					turf.booleanWithin(turf.lineString(f.line), ringPoly(x.ring))
			);
			if (!home) stray.push(JSON.stringify(f.line));
			else pathsOf.set(home.id, [...(pathsOf.get(home.id) ?? []), f]);
		}
		expect(stray).toEqual([]);
		// gates: named after their compound, from inside it to beyond its edge; most meet a road there
		const gates = footways.filter((f) => f.name !== null);
		expect(gates).toHaveLength(2 * c.compounds.length);
		let meeting = 0;
		for (const g of gates) {
			const home = byName.get(g.name!.replace(/[南北]门$/, ''))!;
			expect(home, g.name!).toBeDefined();
			expect(turf.booleanPointInPolygon(g.line[0], ringPoly(home.ring))).toBe(true);
			expect(turf.booleanPointInPolygon(g.line[g.line.length - 1], ringPoly(home.ring))).toBe(false);
			const box = turf.bbox(turf.lineString(g.line));
			if (
				streets.some((r) => {
					const rb = turf.bbox(turf.lineString(r.line));
					if (!(rb[0] <= box[2] && rb[2] >= box[0] && rb[1] <= box[3] && rb[3] >= box[1])) return false;
					for (let k = 1; k < r.line.length; k++)
						for (let m = 1; m < g.line.length; m++)
							if (segmentsMeet(g.line[m - 1], g.line[m], r.line[k - 1], r.line[k])) return true;
					return false;
				})
			)
				meeting++;
		}
		expect(meeting / gates.length).toBeGreaterThan(0.9);
		// buildings' centres within 100 m of a path of their own compound (so measured on the network): all
		// but the few deepest (a rural compound's 180 m deep blocks)
		const far: string[] = [];
		for (const b of c.buildings) {
			const centre = turf.centroid(ringPoly(b.ring)).geometry.coordinates;
			const near = (pathsOf.get(b.compound_id) ?? []).some(
				(f) =>
					turf.pointToLineDistance(turf.point(centre), turf.lineString(f.line), { units: 'meters' }) <= 100
			);
			if (!near) far.push(b.code);
		}
		expect(far.length / c.buildings.length).toBeLessThan(0.03);
	});

	it('draws compounds of varied shapes: cut and skewed corners, Ls beside a short last row', () => {
		// the shapes as planned, before the warp bends every one of them
		const c = buildCity({ seed, now: NOW, warp: false }).base;
		const rectangular = c.compounds.filter(
			(x) =>
				x.ring.length === 5 &&
				x.ring.every(
					(p) => (p[0] === x.rect[0] || p[0] === x.rect[2]) && (p[1] === x.rect[1] || p[1] === x.rect[3])
				)
		);
		const share = rectangular.length / c.compounds.length;
		expect(share).toBeGreaterThan(0.15);
		expect(share).toBeLessThan(0.35);
		// an L has a reflex corner: more than 4 corners and a wall shorter than its slot's area
		const concave = c.compounds.filter((x) => {
			const wall = ringPoly(x.ring);
			return turf.area(turf.convex(wall)!) > turf.area(wall) * 1.001;
		});
		expect(concave.length / c.compounds.length).toBeGreaterThan(0.1);
		expect(c.compounds.filter((x) => x.ring.length > 5).length / c.compounds.length).toBeGreaterThan(0.4);
		// every ring, warped, is closed and simple (a valid polygon for PostGIS)
		for (const x of city(seed).compounds) {
			expect(x.ring[0]).toEqual(x.ring[x.ring.length - 1]);
			expect(turf.kinks(ringPoly(x.ring)).features, x.name).toHaveLength(0);
		}
	});

	it('has a road network of three classes and footways whose roads cross no building', () => {
		const c = city(seed);
		const classes = new Set(c.roads.map((r) => r.class));
		expect([...classes].sort()).toEqual(['footway', 'primary', 'residential', 'secondary']);
		expect(c.roads.length).toBeGreaterThan(200);
		expect(new Set(c.roads.map((r) => r.name)).size).toBeGreaterThan(100);
		const crossings: string[] = [];
		const boxes = c.buildings.map((b) => boxOf(b.ring));
		for (const road of c.roads) {
			const box = turf.bbox(turf.lineString(road.line));
			c.buildings.forEach((b, i) => {
				if (!boxesTouch(box, boxes[i])) return;
				for (let k = 1; k < road.line.length; k++)
					if (segmentMeetsRing(road.line[k - 1], road.line[k], b.ring)) {
						crossings.push(`${road.name} × ${b.code}`);
						break;
					}
			});
		}
		expect(crossings).toEqual([]);
	});

	it('lets only bridges cross the Gan river, and has bridges', () => {
		const c = city(seed);
		const river = c.water.find((w) => w.name === '赣江')!;
		const water = turf.multiPolygon(river.geom) as Feature<MultiPolygon>;
		const wbox = turf.bbox(water);
		const wet = c.roads.filter((r) => {
			const line = turf.lineString(r.line) as Feature<LineString>;
			const b = turf.bbox(line);
			return boxesTouch(b, wbox as Rect) && turf.booleanIntersects(line, water);
		});
		expect(wet.filter((r) => !r.bridge).map((r) => r.name)).toEqual([]);
		const bridges = c.roads.filter((r) => r.bridge);
		expect(bridges.length).toBeGreaterThanOrEqual(3);
		expect(wet.length).toBe(bridges.length);
		// 500-800 m wide: the water's area over its length
		const centreLength =
			turf.length(turf.polygonToLine(water) as Feature<LineString>, { units: 'meters' }) / 2;
		const widthM = turf.area(water) / centreLength;
		expect(widthM).toBeGreaterThan(500);
		expect(widthM).toBeLessThan(800);
		// no compound or building in the water
		expect(
			c.compounds.filter((x) => turf.booleanIntersects(ringPoly(x.ring), water)).map((x) => x.name)
		).toEqual([]);
	});

	it("lays 吉州区's urban streets out between roads at varied spacing, built only inside an irregular edge", () => {
		// as planned, before the warp bends it: the urban streets' communities lie between secondary
		// roads, their compounds between lanes
		const { base: c, builtUpEdge: edge } = buildCity({ seed, now: NOW, warp: false });
		expect(edge).not.toBeNull();
		const urban = new Set(
			c.areas.filter((a) => a.level === 'street' && JIZHOU_STREETS.includes(a.name)).map((a) => a.id)
		);
		expect(urban.size).toBe(JIZHOU_STREETS.length);
		const communities = c.areas.filter((a) => a.level === 'community' && urban.has(a.parent_id!));
		// blocks of varied sizes: the widths of the communities laid out whole (a plain rectangle), each
		// over the mean of its street's, vary by more than a tenth (the plan's equal grid: not at all)
		const relative: number[] = [];
		for (const street of urban) {
			const widths = communities
				.filter((a) => a.parent_id === street && a.geom.length === 1 && a.geom[0][0].length === 5)
				.map((a) => boxOf(a.geom[0][0])[2] - boxOf(a.geom[0][0])[0]);
			const mean = widths.reduce((x, y) => x + y, 0) / widths.length;
			relative.push(...widths.map((w) => w / mean));
		}
		expect(relative.length).toBeGreaterThan(20);
		const sd = Math.sqrt(relative.reduce((x, y) => x + (y - 1) ** 2, 0) / relative.length);
		expect(sd).toBeGreaterThan(0.1);
		// compounds only inside the built-up edge (a community's one anchor slot aside)
		const centre = (x: { rect: Rect }): number[] => [
			(x.rect[0] + x.rect[2]) / 2,
			(x.rect[1] + x.rect[3]) / 2
		];
		const ids = new Set(communities.map((a) => a.id));
		const compounds = c.compounds.filter((x) => ids.has(x.community_id));
		const beyond = compounds.filter((x) => !turf.booleanPointInPolygon(centre(x), edge!));
		expect(beyond.length / compounds.length).toBeLessThan(0.02);
		for (const a of communities)
			expect(beyond.filter((x) => x.community_id === a.id).length, a.name).toBeLessThanOrEqual(1);
		// and the edge is not the plan's rectangle: of the box around the urban compounds, the edge
		// leaves out a tenth or more (fields), and the communities cut short by it end where it does
		const box = turf.bboxPolygon(boxOf(compounds.flatMap((x) => rectRing(x.rect))));
		const inside = turf.intersect(turf.featureCollection([box, edge!]))!;
		expect(turf.area(inside) / turf.area(box)).toBeLessThan(0.9);
		// cut short by the edge: a polygon of east-west and north-south edges that is not a rectangle
		// (a river or district boundary cuts at a slant)
		const cut = communities.filter((a) => {
			const ring = a.geom[0][0];
			return (
				a.geom.length === 1 &&
				ring.length > 5 &&
				ring.slice(1).every((p, k) => p[0] === ring[k][0] || p[1] === ring[k][1])
			);
		});
		expect(cut.length).toBeGreaterThan(3);
	});

	it('keeps its named places and gives 吉州区 its official names and codes', () => {
		const c = city(seed);
		const byName = (n: string) => c.areas.find((a) => a.name === n);
		expect(byName('古南街道')?.code).toBe('360802001');
		expect(byName('习溪桥街道')?.code).toBe('360802004');
		expect(byName('桃树下社区')?.code).toBe('360802001001');
		expect(c.compounds.find((x) => x.name === '城建花苑')?.households).toBe(1016);
		expect(c.compounds.find((x) => x.name === '阳明花园')?.households).toBe(1714);
		// every community of 吉州区's core streets that stands for a real one carries its real code
		const real = new Map(divisions().map((d) => [d.code, d.name]));
		const jizhouCommunities = c.areas.filter((a) => a.level === 'community' && a.code.startsWith('360802'));
		const matched = jizhouCommunities.filter((a) => real.get(a.code) === a.name);
		expect(matched.length).toBeGreaterThan(40);
		// codes are unique, and a generated one never takes a real community's code
		expect(new Set(c.areas.map((a) => a.code)).size).toBe(c.areas.length);
		for (const a of jizhouCommunities) if (real.has(a.code)) expect(real.get(a.code)).toBe(a.name);
	});
});

describe('the division fixture', () => {
	it('names divisions as people say them and lists 吉州区 street by street', () => {
		expect(displayName('古南街道办事处')).toBe('古南街道');
		expect(displayName('桃树下居委会')).toBe('桃树下社区');
		expect(displayName('长塘村委会')).toBe('长塘村');
		const streets = divisions().filter((d) => d.level === 'street');
		expect(streets.length).toBe(258);
		expect(new Set(streets.map((s) => s.parent)).size).toBe(13);
		expect(communitiesOf('360802001').map((c) => c.name)).toContain('桃树下社区');
		// points are converted from GCJ-02: 习溪桥街道's office moves about 600 m
		const xixi = streets.find((s) => s.code === '360802004')!;
		const shift = turf.distance([114.976094, 27.115949], xixi.point!, { units: 'meters' });
		expect(shift).toBeGreaterThan(450);
		expect(shift).toBeLessThan(800);
	});
});
