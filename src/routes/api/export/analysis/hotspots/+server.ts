// GET /api/export/analysis/hotspots?format=geojson|csv|gpkg|shp&… (the parameters of the analysis endpoint)
import { exportAnalysis, fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ url, locals }) => fileAnswer(() => exportAnalysis('hotspots', url, locals.scope!));
