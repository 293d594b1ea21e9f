// What the app's top bar offers, derived from the route policy: a role sees only links to pages the
// policy lets it open, so no link leads to a refusal, and the notification bell only when it may call
// the bell's routes.
import { accessFor, allows } from './policy';
import type { Role } from './roles';

/** Navigation entries in menu order: route id (also the link) and its i18n label key. */
export const NAV_PAGES = [
	{ href: '/map', key: 'nav.map' },
	{ href: '/dashboard', key: 'nav.dashboard' },
	{ href: '/companies', key: 'nav.companies' },
	{ href: '/tickets', key: 'nav.tickets' },
	{ href: '/planning', key: 'nav.planning' },
	{ href: '/my-grid', key: 'nav.myGrid' },
	{ href: '/edit', key: 'nav.edit' },
	{ href: '/admin', key: 'nav.admin' },
	{ href: '/patrols', key: 'nav.patrols' },
	{ href: '/governance', key: 'nav.governance' }
] as const;

export type NavPage = (typeof NAV_PAGES)[number];

/** The navigation entries whose GET policy admits `role` (a page without a policy is never listed). */
export function pagesFor(role: Role): NavPage[] {
	return NAV_PAGES.filter((p) => {
		const access = accessFor(p.href, 'GET');
		return access !== undefined && allows(access, role);
	});
}

/**
 * The routes the notification bell calls, with their methods: its list and "mark all read"
 * (NotificationBell.svelte), and the event stream that tells it of new ones (src/lib/tickets/live.ts).
 */
export const BELL_ROUTES = [
	['/api/notifications', 'GET'],
	['/api/notifications/read', 'POST'],
	['/api/events', 'GET']
] as const;

/** Whether the top bar shows `role` the notification bell: the route policy admits it to every route the bell calls. */
export function hasBell(role: Role): boolean {
	return BELL_ROUTES.every(([route, method]) => {
		const access = accessFor(route, method);
		return access !== undefined && allows(access, role);
	});
}
