// District polygons for the demo city: a built-in synthetic set, or a DataV-style boundary file.
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { CRS_NAMES, toWgs84, type Crs, type LonLat } from '../geo/crs';
import { DISTRICTS } from './names';

export type MultiPolygonCoords = Position[][][];

export interface DistrictShape {
	adcode: string;
	name: string;
	/** The seat (county town) in WGS84, inside the polygon. */
	seat: [number, number];
	geom: MultiPolygonCoords;
}

/** A rough outline of 吉安市 (WGS84), for the synthetic districts. */
const OUTLINE: [number, number][] = [
	[115.4, 27.96],
	[115.73, 27.8],
	[115.62, 27.45],
	[115.93, 27.3],
	[115.85, 26.75],
	[115.45, 26.65],
	[115.1, 26.4],
	[115.05, 26.15],
	[114.75, 26.1],
	[114.4, 25.98],
	[113.95, 26.2],
	[113.84, 26.5],
	[113.83, 26.95],
	[114.0, 27.2],
	[114.05, 27.45],
	[114.35, 27.62],
	[114.8, 27.55],
	[115.0, 27.7],
	[115.22, 27.65],
	[115.4, 27.96]
];
/** 吉州区, drawn by hand around the seat so that it comes out about 420 km². */
const JIZHOU: [number, number][] = [
	[114.83, 27.05],
	[114.93, 27.035],
	[115.02, 27.065],
	[115.035, 27.12],
	[115.01, 27.185],
	[114.95, 27.235],
	[114.865, 27.24],
	[114.815, 27.17],
	[114.83, 27.05]
];
/** Voronoi generators (and seats) for the other twelve districts. */
const GENERATORS: Record<string, [number, number]> = {
	'360803': [115.2, 26.98],
	'360821': [114.62, 27.08],
	'360822': [115.22, 27.3],
	'360823': [115.15, 27.56],
	'360824': [115.46, 27.77],
	'360825': [115.6, 27.12],
	'360826': [114.9, 26.72],
	'360827': [114.35, 26.3],
	'360828': [114.86, 26.35],
	'360829': [114.45, 27.4],
	'360830': [114.15, 26.98],
	'360881': [114.2, 26.62]
};
const JIZHOU_SEAT: [number, number] = [114.982, 27.112];

/** A polygon or multipolygon's coordinates as a multipolygon's. */
export function asMulti(g: Polygon | MultiPolygon): MultiPolygonCoords {
	return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Clean (drop repeated/collinear points) and orient (RFC 7946) a multipolygon. */
export function cleanMulti(coords: MultiPolygonCoords): MultiPolygonCoords {
	const f = turf.rewind(
		turf.cleanCoords(turf.multiPolygon(coords)) as Feature<MultiPolygon>
	) as Feature<MultiPolygon>;
	return f.geometry.coordinates;
}

export function syntheticDistricts(): DistrictShape[] {
	const outline = turf.polygon([OUTLINE.slice().reverse()]);
	const jizhou = turf.polygon([JIZHOU.slice().reverse()]);
	const codes = Object.keys(GENERATORS);
	const cells = turf.voronoi(turf.featureCollection(codes.map((c) => turf.point(GENERATORS[c]))), {
		bbox: [113, 25, 117, 29]
	});
	const out: DistrictShape[] = [
		{ adcode: '360802', name: '吉州区', seat: JIZHOU_SEAT, geom: cleanMulti([jizhou.geometry.coordinates]) }
	];
	codes.forEach((code, i) => {
		const clipped = turf.intersect(turf.featureCollection([cells.features[i] as Feature<Polygon>, outline]));
		const rest = clipped && turf.difference(turf.featureCollection([clipped, jizhou]));
		if (!rest) throw new Error(`synthetic district ${code} came out empty`);
		const name = DISTRICTS.find((d) => d.adcode === code)!.name;
		out.push({ adcode: code, name, seat: GENERATORS[code], geom: cleanMulti(asMulti(rest.geometry)) });
	});
	return out;
}

/**
 * Districts from a DataV-style FeatureCollection (properties adcode, name, center; Polygon or
 * MultiPolygon), converted to WGS84 from crs. Throws an Error naming what is wrong.
 */
export function districtsFromBoundaries(input: unknown, crs: Crs, source = 'boundaries'): DistrictShape[] {
	if (!CRS_NAMES.includes(crs))
		throw new Error(`unknown crs '${String(crs)}': use one of ${CRS_NAMES.join(', ')}`);
	const fc = input as FeatureCollection;
	if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
		throw new Error(
			`${source}: not a GeoJSON FeatureCollection (expected {"type":"FeatureCollection","features":[...]})`
		);
	}
	const convert = toWgs84(crs);
	const conv = (p: Position): Position => {
		if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
			throw new Error(`${source}: a coordinate is not a [lon, lat] pair of numbers`);
		}
		return convert([p[0], p[1]] as LonLat);
	};
	const out: DistrictShape[] = [];
	const seen = new Set<string>();
	for (const [i, f] of fc.features.entries()) {
		const g = f?.geometry;
		if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
		const adcode = String(f.properties?.adcode ?? '');
		if (!/^\d{6}$/.test(adcode)) throw new Error(`${source}: feature ${i} has no 6-digit adcode property`);
		if (seen.has(adcode)) throw new Error(`${source}: adcode ${adcode} appears twice`);
		seen.add(adcode);
		const known = DISTRICTS.find((d) => d.adcode === adcode);
		const name =
			typeof f.properties?.name === 'string' && f.properties.name ? f.properties.name : known?.name;
		if (!name) throw new Error(`${source}: feature ${i} (adcode ${adcode}) has no name`);
		const raw = asMulti(g as Polygon | MultiPolygon);
		if (!Array.isArray(raw) || raw.length === 0)
			throw new Error(`${source}: feature ${adcode} has empty coordinates`);
		const coords = raw.map((poly) => {
			if (!Array.isArray(poly)) throw new Error(`${source}: feature ${adcode} has malformed coordinates`);
			return poly.map((ring) => {
				if (!Array.isArray(ring) || ring.length < 4)
					throw new Error(`${source}: feature ${adcode} has a ring with fewer than 4 points`);
				return ring.map(conv);
			});
		});
		let geom: MultiPolygonCoords;
		try {
			geom = cleanMulti(coords);
		} catch (err) {
			throw new Error(`${source}: feature ${adcode} has unusable geometry: ${(err as Error).message}`);
		}
		const feature = turf.multiPolygon(geom);
		const center = f.properties?.center;
		let seat: [number, number] | undefined;
		if (
			Array.isArray(center) &&
			center.length >= 2 &&
			Number.isFinite(center[0]) &&
			Number.isFinite(center[1])
		) {
			const c = conv(center) as [number, number];
			if (turf.booleanPointInPolygon(c, feature)) seat = c;
		}
		seat ??= turf.pointOnFeature(feature).geometry.coordinates as [number, number];
		out.push({ adcode, name, seat, geom });
	}
	if (out.length === 0) throw new Error(`${source}: no Polygon or MultiPolygon features`);
	if (!out.some((d) => d.adcode === '360802')) {
		throw new Error(`${source}: no feature with adcode 360802 (吉州区), which the demo city is built around`);
	}
	return out;
}
