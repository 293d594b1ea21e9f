// GET /api/export/analysis/coverage-stewards?format=geojson|csv|gpkg|shp&… (the parameters of the analysis endpoint)
import { exportAnalysis, fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ url, locals }) =>
	fileAnswer(() => exportAnalysis('coverage-stewards', url, locals.scope!));
