// usage: tsx scripts/basemap-import.ts FILE... [--dry-run]
// Replaces the base map (roads, water, land use) with the one in FILE: an OpenStreetMap extract
// (.osm / .osm.pbf) or a GeoJSON layer. DATABASE_URL must be set.
import { importBaseLayers } from '../src/lib/server/basemap/import';
import { runExtractImport } from './lib/extract-import';

await runExtractImport('basemap:import', 'the base map', importBaseLayers);
