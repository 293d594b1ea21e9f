// usage: tsx scripts/city-import.ts FILE... [--dry-run]
// Brings a real city's base map, compounds and buildings (an OpenStreetMap extract .osm / .osm.pbf,
// or GeoJSON layers) into a deployment whose boundary is already imported (npm run import -- areas
// FILE): src/lib/server/basemap/city.ts. DATABASE_URL must be set.
import { importCity } from '../src/lib/server/basemap/city';
import { runExtractImport } from './lib/extract-import';

await runExtractImport('city:import', 'the city', importCity);
