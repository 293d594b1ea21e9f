// GET /api/export/analysis/siting/{id}?format=geojson|csv|gpkg|shp — a finished run's proposed sites.
import { exportSiting, fileAnswer } from '$lib/server/export/analysis';

export const GET = ({ params, url, locals }) => fileAnswer(() => exportSiting(params.id, url, locals.user!));
