// The project's one naming of its map layers: tile URLs, TileJSON, the layer panel, the feature
// panel, import / export and OGC collections all use these ids.
export const LAYER_IDS = [
	'areas',
	'grid-cells',
	'compounds',
	'buildings',
	'facilities',
	'party-orgs',
	'companies',
	'tickets'
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/**
 * The base map's tile source (roads, water, land use; src/lib/server/tiles/layers.ts): a tile layer
 * but not a data layer (no panel toggle, import or export), hence not a LayerId.
 */
export const BASE_LAYER_ID = 'basemap' as const;
/** Every tile source: the data layers and the base map. */
export type TileLayerId = LayerId | typeof BASE_LAYER_ID;

export const isLayerId = (s: string): s is LayerId => (LAYER_IDS as readonly string[]).includes(s);

/** What can be imported: the map layers, and people and the governance records (no geometry, so not map layers). */
export const IMPORT_LAYER_IDS = [
	...LAYER_IDS,
	'people',
	'owner-committees',
	'committee-members',
	'meetings'
] as const;
export type ImportLayerId = (typeof IMPORT_LAYER_IDS)[number];
export const isImportLayerId = (s: string): s is ImportLayerId =>
	(IMPORT_LAYER_IDS as readonly string[]).includes(s);

/**
 * Map layers that are a way of drawing other layers' tiles, not data layers of their own (no tile
 * URL, import, export or OGC collection): `committees` colours the compounds by their owners'
 * committee (none / term expired / in office) and outlines the communities with no joint meeting
 * last quarter. The layer panel, the legend and the URL treat them like the data layers.
 */
export const STYLE_LAYER_IDS = ['committees'] as const;
export type StyleLayerId = (typeof STYLE_LAYER_IDS)[number];
/** Every layer the map's panel can show: the data layers, then the style layers. */
export type MapLayerId = LayerId | StyleLayerId;
export const MAP_LAYER_IDS: readonly MapLayerId[] = [...LAYER_IDS, ...STYLE_LAYER_IDS];
export const isMapLayerId = (s: string): s is MapLayerId => (MAP_LAYER_IDS as readonly string[]).includes(s);
/** The data layers (tile sources) each style layer draws from. */
export const DRAWN_FROM: Record<StyleLayerId, readonly LayerId[]> = { committees: ['compounds', 'areas'] };
export const isStyleLayerId = (s: string): s is StyleLayerId =>
	(STYLE_LAYER_IDS as readonly string[]).includes(s);
/** The tile sources a set of map layers needs. */
export const tileSourcesOf = (layers: readonly MapLayerId[]): LayerId[] =>
	LAYER_IDS.filter((id) => layers.some((l) => l === id || (isStyleLayerId(l) && DRAWN_FROM[l].includes(id))));

/** Zoom range in which each layer's tiles carry features (TileJSON minzoom / maxzoom). */
export const LAYER_ZOOMS: Record<LayerId, { minzoom: number; maxzoom: number }> = {
	areas: { minzoom: 0, maxzoom: 16 },
	// from z12: at z11 a dense city's cells and compounds make tiles of several hundred KB
	'grid-cells': { minzoom: 12, maxzoom: 16 },
	compounds: { minzoom: 12, maxzoom: 16 },
	buildings: { minzoom: 14, maxzoom: 16 },
	facilities: { minzoom: 10, maxzoom: 16 },
	'party-orgs': { minzoom: 10, maxzoom: 16 },
	companies: { minzoom: 10, maxzoom: 16 },
	tickets: { minzoom: 10, maxzoom: 16 }
};
