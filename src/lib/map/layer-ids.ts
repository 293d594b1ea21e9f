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

export const isLayerId = (s: string): s is LayerId => (LAYER_IDS as readonly string[]).includes(s);

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
