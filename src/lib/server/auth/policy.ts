// Who may call which route: the one place where role is checked. src/hooks.server.ts looks up
// every request here before any route code runs, and a route with no entry is refused (deny by
// default), so a new route that forgets its policy fails closed and fails the route test.
import { config } from '../config.js';
import { ROLES, type Role } from './roles';

export type Access = 'public' | 'signed_in' | readonly Role[];
type MethodMap = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Access>>;

const ALL_ROLES: readonly Role[] = ROLES;
const STAFF: readonly Role[] = ['admin', 'official'];
/** Roles that work tickets (planners see aggregated figures only). */
const TICKET_ROLES: readonly Role[] = ['admin', 'official', 'grid_worker', 'steward'];
/**
 * Roles of the 12345 workflow (migration 350): TICKET_ROLES, the dispatcher (12345 operator) and
 * the staff of companies and departments that hold tickets. Only the ticket routes admit them.
 */
const WORK_ROLES: readonly Role[] = [...TICKET_ROLES, 'dispatcher', 'company', 'department'];
/** Who dispatches: admins, officials and 12345 dispatchers (in their scope). */
const DISPATCH_ROLES: readonly Role[] = ['admin', 'official', 'dispatcher'];

/** Open311 GET requests: public unless REDGRID_OPEN311_PUBLIC_READ=0 (read at start). */
const OPEN311_READ: Access = config.open311PublicRead ? 'public' : TICKET_ROLES;

/** Route id (as SvelteKit names it) → access per method. Pages use GET. */
export const POLICIES: Record<string, MethodMap> = {
	// pages
	'/': { GET: 'signed_in' },
	'/login': { GET: 'public' },
	'/map': { GET: 'signed_in' },
	// the dashboard shows KPIs and coverage (the /api/analysis/dashboard roles); a grid worker's patrol
	// coverage is on /my-grid
	'/dashboard': { GET: [...STAFF, 'planner'] },
	'/tickets': { GET: WORK_ROLES },
	'/planning': { GET: ['admin', 'official', 'planner'] },
	'/my-grid': { GET: ['grid_worker', 'steward'] },
	'/patrols': { GET: STAFF },
	// API
	'/api/health': { GET: 'public' },
	'/api/session': { GET: 'public', POST: 'public', DELETE: 'public' },
	'/api/areas': { GET: 'signed_in' },
	// map: base layers for every signed-in role; tickets tiles and details are scoped in the services
	'/api/tiles/[layer].json': { GET: 'signed_in' },
	'/api/tiles/[layer]/[z]/[x]/[y].mvt': { GET: 'signed_in' },
	'/api/features/[layer]/[id]': { GET: 'signed_in' },
	'/api/search': { GET: 'signed_in' },
	'/api/tickets': { GET: WORK_ROLES, POST: WORK_ROLES },
	'/api/tickets/[id]': { GET: WORK_ROLES },
	'/api/tickets/[id]/events': { GET: WORK_ROLES },
	'/api/tickets/[id]/actions': { POST: WORK_ROLES },
	'/api/tickets/[id]/photo': { GET: WORK_ROLES },
	'/api/tickets/[id]/photos': { POST: TICKET_ROLES },
	'/api/tickets/[id]/photos/[eventId]': { GET: WORK_ROLES },
	'/api/tickets/nearby': { GET: WORK_ROLES },
	'/api/tickets/locate': { GET: WORK_ROLES },
	'/api/tickets/place': { GET: WORK_ROLES },
	'/api/tickets/[id]/chain': { GET: WORK_ROLES },
	'/api/tickets/[id]/candidates': { GET: DISPATCH_ROLES },
	'/api/tickets/[id]/holders': { GET: DISPATCH_ROLES },
	'/api/routing-rules': { GET: DISPATCH_ROLES, PUT: ['admin'] },
	'/api/departments': { GET: DISPATCH_ROLES, POST: ['admin'] },
	// an upstream 12345 platform pushes tickets with a dispatcher's (or an admin's) API key
	'/api/upstream/tickets': { POST: DISPATCH_ROLES },
	'/api/tickets/orphans': { GET: ['admin'] },
	'/api/ticket-categories': { GET: 'signed_in' },
	'/api/calendar': { GET: 'signed_in', PUT: ['admin'] },
	'/api/events': { GET: WORK_ROLES },
	// the notification centre: each user's own notifications (the service reads only theirs)
	'/api/notifications': { GET: WORK_ROLES },
	'/api/notifications/read': { POST: WORK_ROLES },
	// facility siting (planning page); a run is read back only by its owner (or an admin)
	'/api/siting': { POST: [...STAFF, 'planner'] },
	'/api/siting/[id]': { GET: [...STAFF, 'planner'] },
	'/api/siting/context': { GET: [...STAFF, 'planner'] },
	'/api/siting/grid': { GET: [...STAFF, 'planner'] },
	// analysis: ticket density and hotspots are counts in the caller's ticket scope (planners: city-wide
	// aggregates); KPIs and coverage tables are for staff and planners; patrol coverage also for a grid
	// worker (their own cells), never for planners (it measures people's work)
	'/analysis': { GET: ALL_ROLES },
	'/api/analysis/density': { GET: ALL_ROLES },
	// the playback cube: the same counts as density, by cell × day × category, in the same scope
	'/api/analysis/cube': { GET: ALL_ROLES },
	'/api/analysis/hotspots': { GET: ALL_ROLES },
	'/api/analysis/dashboard': { GET: [...STAFF, 'planner'] },
	'/api/analysis/timeseries': { GET: [...STAFF, 'planner'] },
	'/api/analysis/stages': { GET: [...STAFF, 'planner'] },
	'/api/coverage/party': { GET: [...STAFF, 'planner'] },
	'/api/coverage/party/monthly': { GET: [...STAFF, 'planner'] },
	'/api/coverage/facilities': { GET: [...STAFF, 'planner'] },
	'/api/coverage/stewards': { GET: [...STAFF, 'planner'] },
	'/api/coverage/patrol': { GET: [...STAFF, 'grid_worker'] },
	// property companies: list, scorecards and the weekly briefing (names of people: services decide)
	'/companies': { GET: [...STAFF, 'planner'] },
	'/companies/[id]': { GET: [...STAFF, 'planner'] },
	'/dashboard/briefing': { GET: [...STAFF, 'planner'] },
	'/api/companies': { GET: [...STAFF, 'planner'] },
	'/api/companies/[id]': { GET: [...STAFF, 'planner'] },
	// field work: a worker's own zone and patrols; supervisors (admin, official in scope) read
	// patrols; patrol coverage is about people's work, so not for planners
	'/api/me/zone': { GET: ['grid_worker', 'steward'] },
	'/api/me/route': { GET: ['grid_worker', 'steward'] },
	'/api/patrols': { GET: TICKET_ROLES, POST: ['grid_worker', 'steward'] },
	'/api/patrols/coverage': { GET: TICKET_ROLES },
	'/api/patrols/[id]': { GET: TICKET_ROLES },
	'/api/patrols/[id]/points': { POST: ['grid_worker', 'steward'] },
	'/api/patrols/[id]/checkins': { POST: ['grid_worker', 'steward'] },
	'/api/patrols/[id]/end': { POST: ['grid_worker', 'steward'] },
	// editing the city's data (officials inside their subtree, checked per record) and accounts
	'/edit': { GET: STAFF },
	'/edit/[entity]/[id]': { GET: STAFF },
	'/admin': { GET: ['admin'] },
	'/admin/api-keys': { GET: ['admin'] },
	'/admin/audit': { GET: ['admin'] },
	'/admin/calendar': { GET: ['admin'] },
	'/admin/orphans': { GET: ['admin'] },
	'/admin/routing': { GET: ['admin'] },
	'/admin/webhooks': { GET: ['admin'] },
	'/account/password': { GET: 'signed_in' },
	'/api/edit/[entity]': { GET: STAFF, POST: STAFF },
	'/api/edit/[entity]/[id]': { GET: STAFF, PATCH: STAFF },
	'/api/edit/[entity]/[id]/history': { GET: STAFF },
	'/api/edit/grid-cells/split': { POST: STAFF },
	'/api/edit/grid-cells/merge': { POST: STAFF },
	'/api/admin/users': { GET: ['admin'], POST: ['admin'] },
	'/api/admin/users/[id]': { PATCH: ['admin'] },
	'/api/admin/users/[id]/password': { POST: ['admin'] },
	'/api/admin/api-keys': { GET: ['admin'], POST: ['admin'] },
	'/api/admin/api-keys/[id]': { DELETE: ['admin'] },
	'/api/admin/audit': { GET: ['admin'] },
	// the outbox: webhooks and the dead-letter list (admins)
	'/api/admin/webhooks': { GET: ['admin'], POST: ['admin'] },
	'/api/admin/webhooks/[id]': { DELETE: ['admin'] },
	'/api/admin/outbox': { GET: ['admin'] },
	'/api/admin/outbox/[id]/replay': { POST: ['admin'] },
	'/api/me/password': { POST: 'signed_in' },
	// Open311 GeoReport v2: discovery and services are public (the spec); filing needs an api_key.
	// Reading service requests is public (the spec asks no key) unless REDGRID_OPEN311_PUBLIC_READ=0:
	// keyless readers get reduced requests (no description, reporter, photo or exact point), key
	// holders the full ones in their scope (src/lib/server/open311/service.ts readerOf).
	'/open311/v2/discovery.[format]': { GET: 'public' },
	'/open311/v2/services.[format]': { GET: 'public' },
	'/open311/v2/services/[service_code].[format]': { GET: 'public' },
	'/open311/v2/requests.[format]': { GET: OPEN311_READ, POST: TICKET_ROLES },
	'/open311/v2/requests/[id].[format]': { GET: OPEN311_READ },
	// OGC API – Features: the discovery documents are public (the spec; QGIS reads them before it
	// authenticates); collections and features need a session or API key and follow its scope
	'/ogc': { GET: 'public' },
	'/ogc/conformance': { GET: 'public' },
	'/ogc/api': { GET: 'public' },
	'/ogc/collections': { GET: 'signed_in' },
	'/ogc/collections/[collectionId]': { GET: 'signed_in' },
	'/ogc/collections/[collectionId]/items': { GET: 'signed_in' },
	'/ogc/collections/[collectionId]/items/[featureId]': { GET: 'signed_in' },
	// exports: the map layers as every role sees them (tickets in scope, none for planners); the
	// analysis results with the same roles as the analysis endpoints they come from
	'/api/export/layers/[layer]': { GET: 'signed_in' },
	'/api/export/analysis/density': { GET: ALL_ROLES },
	'/api/export/analysis/hotspots': { GET: ALL_ROLES },
	'/api/export/analysis/coverage-party': { GET: [...STAFF, 'planner'] },
	'/api/export/analysis/coverage-facilities': { GET: [...STAFF, 'planner'] },
	'/api/export/analysis/coverage-stewards': { GET: [...STAFF, 'planner'] },
	'/api/export/analysis/coverage-patrol': { GET: [...STAFF, 'grid_worker'] },
	'/api/export/analysis/siting/[id]': { GET: [...STAFF, 'planner'] },
	// 三方联动: owners' committees, joint meetings, decisions, consultations. Figures for staff and
	// planners (aggregates; names masked for planners); recording goes through /api/edit (staff, scoped)
	'/governance': { GET: [...STAFF, 'planner'] },
	'/api/governance/figures': { GET: [...STAFF, 'planner'] },
	'/api/governance/map': { GET: [...STAFF, 'planner'] },
	'/api/governance/compounds/[id]': { GET: [...STAFF, 'planner'] },
	'/api/governance/decisions/[id]/ticket': { POST: STAFF },
	'/api/governance/tickets/[id]/decisions': { GET: TICKET_ROLES },
	'/api/export/analysis/governance': { GET: [...STAFF, 'planner'] },
	// imports write the city's base data: admins only
	'/admin/import': { GET: ['admin'] },
	'/api/import/[layer]': { POST: ['admin'] }
};

/** The access rule for a route and method, or undefined when none is declared. */
export function accessFor(routeId: string, method: string): Access | undefined {
	const m = method === 'HEAD' ? 'GET' : method;
	return POLICIES[routeId]?.[m as keyof MethodMap];
}

export function allows(access: Access, role: Role | undefined): boolean {
	if (access === 'public') return true;
	if (!role) return false;
	return access === 'signed_in' || access.includes(role);
}
