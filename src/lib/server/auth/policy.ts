// Who may call which route: the one place where role is checked. src/hooks.server.ts looks up
// every request here before any route code runs, and a route with no entry is refused (deny by
// default), so a new route that forgets its policy fails closed and fails the route test.
import type { Role } from './roles';

export type Access = 'public' | 'signed_in' | readonly Role[];
type MethodMap = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Access>>;

const ALL_ROLES: readonly Role[] = ['admin', 'official', 'grid_worker', 'steward', 'planner'];
const STAFF: readonly Role[] = ['admin', 'official'];
/** Roles that work tickets (planners see aggregated figures only). */
const TICKET_ROLES: readonly Role[] = ['admin', 'official', 'grid_worker', 'steward'];

/** Route id (as SvelteKit names it) → access per method. Pages use GET. */
export const POLICIES: Record<string, MethodMap> = {
	// pages
	'/': { GET: 'signed_in' },
	'/login': { GET: 'public' },
	'/map': { GET: 'signed_in' },
	'/dashboard': { GET: ALL_ROLES },
	'/tickets': { GET: ['admin', 'official', 'grid_worker', 'steward'] },
	'/planning': { GET: ['admin', 'official', 'planner'] },
	'/my-grid': { GET: ['grid_worker', 'steward'] },
	// API
	'/api/health': { GET: 'public' },
	'/api/session': { GET: 'public', POST: 'public', DELETE: 'public' },
	'/api/areas': { GET: 'signed_in' },
	// map: base layers for every signed-in role; tickets tiles and details are scoped in the services
	'/api/tiles/[layer].json': { GET: 'signed_in' },
	'/api/tiles/[layer]/[z]/[x]/[y].mvt': { GET: 'signed_in' },
	'/api/features/[layer]/[id]': { GET: 'signed_in' },
	'/api/search': { GET: 'signed_in' },
	'/api/areas/[id]/summary': { GET: [...STAFF, 'planner'] },
	'/api/tickets': { GET: TICKET_ROLES, POST: TICKET_ROLES },
	'/api/tickets/[id]': { GET: TICKET_ROLES },
	'/api/tickets/[id]/events': { GET: TICKET_ROLES },
	'/api/tickets/[id]/actions': { POST: TICKET_ROLES },
	'/api/tickets/[id]/photo': { GET: TICKET_ROLES },
	'/api/tickets/nearby': { GET: TICKET_ROLES },
	'/api/ticket-categories': { GET: 'signed_in' },
	'/api/calendar': { GET: 'signed_in', PUT: ['admin'] },
	'/api/events': { GET: TICKET_ROLES },
	// Open311 GeoReport v2: discovery and services are public (the spec); service requests carry
	// residents' free text and exact points, so reading them needs an api_key (scoped like
	// /api/tickets), and filing always does. API keys act with their user's role.
	'/open311/v2/discovery.[format]': { GET: 'public' },
	'/open311/v2/services.[format]': { GET: 'public' },
	'/open311/v2/services/[service_code].[format]': { GET: 'public' },
	'/open311/v2/requests.[format]': { GET: TICKET_ROLES, POST: TICKET_ROLES },
	'/open311/v2/requests/[id].[format]': { GET: TICKET_ROLES }
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
