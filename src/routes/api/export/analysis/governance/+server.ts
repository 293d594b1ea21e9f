// GET /api/export/analysis/governance?format=geojson|csv|gpkg|shp&area= — compounds with their
// owners' committee and joint-meeting figures
import { exportAnalysis, fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ url, locals }) => fileAnswer(() => exportAnalysis('governance', url, locals.scope!));
