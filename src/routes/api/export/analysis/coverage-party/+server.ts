// GET /api/export/analysis/coverage-party?format=geojson|csv|gpkg|shp&… (the parameters of the analysis endpoint)
import { exportAnalysis, fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ url, locals }) =>
	fileAnswer(() => exportAnalysis('coverage-party', url, locals.scope!));
