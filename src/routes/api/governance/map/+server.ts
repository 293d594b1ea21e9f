// GET /api/governance/map — the map's owners' committee layer: compounds per committee class and the
// communities with no joint meeting last quarter, in the user's area
import { answer } from '$lib/server/http';
import { committeeMap } from '$lib/server/governance/service';

export const GET = ({ locals }) => answer(() => committeeMap(locals.scope!));
