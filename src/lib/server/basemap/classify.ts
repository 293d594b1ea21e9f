// What a feature of an OpenStreetMap extract (GDAL's OSM driver: `lines`, `multipolygons`) or of a
// GeoJSON layer in the Tilezen / Nextzen schema (`kind`, `kind_detail`, `is_bridge`, `id`) is on
// the base map: a road of a class, water of a kind, land use of a kind, or skipped with a reason.
// Pure: no database.

export type RoadClass =
	| 'motorway'
	| 'trunk'
	| 'primary'
	| 'secondary'
	| 'tertiary'
	| 'residential'
	| 'unclassified'
	| 'service'
	| 'living_street'
	| 'pedestrian'
	| 'footway'
	| 'cycleway'
	| 'path'
	| 'steps'
	| 'track';
export type WaterKind = 'river' | 'lake' | 'pond' | 'canal' | 'reservoir' | 'water';
export type LanduseKind =
	| 'school'
	| 'park'
	| 'hospital'
	| 'green'
	| 'commercial'
	| 'industrial'
	| 'residential'
	| 'university'
	| 'cemetery'
	| 'railway'
	| 'military';

export type BaseFeature =
	| { table: 'roads'; name: string | null; kind: RoadClass; bridge: boolean; osmId: number | null }
	| { table: 'water' | 'landuse'; name: string | null; kind: WaterKind | LanduseKind; osmId: number | null };
export type Classified = BaseFeature | { skip: string };

const ROAD_CLASSES = new Set<string>([
	'motorway',
	'trunk',
	'primary',
	'secondary',
	'tertiary',
	'residential',
	'unclassified',
	'service',
	'living_street',
	'pedestrian',
	'footway',
	'cycleway',
	'path',
	'steps',
	'track'
]);

/** `"k"=>"v","k2"=>"v2"`: the OSM driver's other_tags (hstore text) as an object. */
export function parseOtherTags(s: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (typeof s !== 'string') return out;
	for (const m of s.matchAll(/"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"/g))
		out[m[1].replace(/\\(.)/g, '$1')] = m[2].replace(/\\(.)/g, '$1');
	return out;
}

/** The road class of an OSM highway value (links fold into their road), or null. */
export function roadClass(highway: unknown): RoadClass | null {
	if (typeof highway !== 'string') return null;
	const h = highway.replace(/_link$/, '');
	return ROAD_CLASSES.has(h) ? (h as RoadClass) : null;
}

const WATER_KINDS: Record<string, WaterKind> = {
	river: 'river',
	riverbank: 'river',
	stream: 'river',
	lake: 'lake',
	pond: 'pond',
	canal: 'canal',
	reservoir: 'reservoir',
	basin: 'reservoir',
	water: 'water',
	ocean: 'water'
};
const LANDUSE_KINDS: Record<string, LanduseKind> = {
	park: 'park',
	garden: 'park',
	nature_reserve: 'park',
	grass: 'green',
	recreation_ground: 'green',
	village_green: 'green',
	forest: 'green',
	wood: 'green',
	meadow: 'green',
	school: 'school',
	kindergarten: 'school',
	university: 'university',
	college: 'university',
	hospital: 'hospital',
	clinic: 'hospital',
	residential: 'residential',
	commercial: 'commercial',
	retail: 'commercial',
	industrial: 'industrial',
	cemetery: 'cemetery',
	grave_yard: 'cemetery',
	railway: 'railway',
	military: 'military'
};

const osmId = (v: unknown): number | null => {
	const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
	return Number.isSafeInteger(n) ? Math.abs(n) : null;
};
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const yes = (v: unknown) => v === true || v === 'yes' || v === 'true' || v === 1 || v === '1';

/**
 * Classifies one feature by its properties and geometry type ('LineString' / 'MultiLineString' /
 * 'Polygon' / 'MultiPolygon' / 'Point' …). Buildings are skipped here: they are not a base layer.
 */
export function classify(p: Record<string, unknown>, geometryType: string): Classified {
	const tags = { ...parseOtherTags(p.other_tags), ...p } as Record<string, unknown>;
	const linear = geometryType === 'LineString' || geometryType === 'MultiLineString';
	const areal = geometryType === 'Polygon' || geometryType === 'MultiPolygon';
	const id = osmId(tags.osm_id ?? tags.osm_way_id ?? tags.id);
	const name = text(tags.name);
	if (!linear && !areal) return { skip: `${geometryType} (points are not base layers)` };
	if (tags.building || tags['building:part'] || tags.kind === 'building' || tags.kind === 'building_part')
		return { skip: 'building' };
	if (linear) {
		// OSM: highway=*; Tilezen: kind major_road / minor_road / highway / path with kind_detail
		const cls = roadClass(tags.highway ?? tags.kind_detail);
		if (!cls) {
			const what = tags.highway ?? tags.kind_detail ?? tags.kind ?? tags.waterway ?? 'untagged';
			return { skip: `line ${String(what)} (not a road class)` };
		}
		const bridge = yes(tags.bridge) || yes(tags.is_bridge);
		return { table: 'roads', name, kind: cls, bridge, osmId: id };
	}
	const waterKey =
		tags.natural === 'water'
			? String(tags.water ?? 'water')
			: tags.waterway === 'riverbank'
				? 'riverbank'
				: tags.landuse === 'reservoir' || tags.landuse === 'basin'
					? String(tags.landuse)
					: WATER_KINDS[String(tags.kind)] && !tags.landuse
						? String(tags.kind)
						: null;
	if (waterKey) return { table: 'water', name, kind: WATER_KINDS[waterKey] ?? 'water', osmId: id };
	for (const key of ['amenity', 'leisure', 'landuse', 'kind']) {
		const kind = LANDUSE_KINDS[String(tags[key])];
		if (kind) return { table: 'landuse', name, kind, osmId: id };
	}
	return { skip: 'area of no base-map kind' };
}

/** A building footprint of an extract: its OSM id (pieces of one id are one building), name, floors. */
export interface BuildingFeature {
	osmId: number | null;
	name: string | null;
	/** storeys: OSM building:levels (Tilezen building_levels), else height ÷ 3 m, else 1; 1–200 */
	floors: number;
}

/** Storeys assumed per metre of height where a building gives its height only. */
const STOREY_M = 3;

/**
 * A building of an extract (OSM building=* not "no", or Tilezen kind=building) as a footprint, or
 * why it is not one: a building part (building:part, Tilezen building_part: it is drawn on its
 * building's footprint, which is imported), a point (a label or address), or not a building at all.
 */
export function classifyBuilding(
	p: Record<string, unknown>,
	geometryType: string
): BuildingFeature | { skip: string } {
	const tags = { ...parseOtherTags(p.other_tags), ...p } as Record<string, unknown>;
	if (tags['building:part'] || tags.kind === 'building_part') return { skip: 'building part' };
	const building = (tags.building && tags.building !== 'no') || tags.kind === 'building';
	if (!building) return { skip: 'not a building' };
	if (geometryType !== 'Polygon' && geometryType !== 'MultiPolygon')
		return { skip: `building ${geometryType} (a label or address point, not a footprint)` };
	const levels = Number(tags['building:levels'] ?? tags.building_levels);
	const height = Number(tags.height);
	const floors =
		Number.isFinite(levels) && levels >= 1
			? Math.round(levels)
			: Number.isFinite(height) && height > 0
				? Math.max(1, Math.round(height / STOREY_M))
				: 1;
	return {
		osmId: osmId(tags.osm_id ?? tags.osm_way_id ?? tags.id),
		name: text(tags.name),
		floors: Math.min(200, floors)
	};
}

/** Whether every coordinate of a GeoJSON geometry is a longitude / latitude pair. */
export function inLonLat(coords: unknown): boolean {
	if (!Array.isArray(coords)) return false;
	if (typeof coords[0] === 'number') return Math.abs(coords[0]) <= 180 && Math.abs(coords[1] as number) <= 90;
	return coords.every(inLonLat);
}
