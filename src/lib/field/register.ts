// The service worker (src/service-worker.ts) is registered for the field page only: its scope is
// FIELD_SCOPE, so /my-grid's requests go through it (to open offline) and no other page's do. At
// scope '/', every request of every page (the map's tiles, the dashboard's data) waited for a fetch
// event in the worker and a cache lookup; on the map page that was about 0.3 s of its first load.
import { dev } from '$app/environment';

/** The pages the service worker controls (a prefix of their path). */
export const FIELD_SCOPE = '/my-grid';

/**
 * Registers the service worker at FIELD_SCOPE, after unregistering one left at the origin's root by
 * an earlier version (a phone keeps a registration until it is removed; its caches stay, so the
 * field page's offline copy is kept). Called from every page, so the worker is ready before a
 * grid worker first opens /my-grid, as SvelteKit's own registration was. Resolves when registered;
 * rejects with the browser's error (e.g. not a secure context).
 */
export async function registerFieldWorker(): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	for (const r of await navigator.serviceWorker.getRegistrations())
		if (new URL(r.scope).pathname === '/') await r.unregister();
	await navigator.serviceWorker.register('/service-worker.js', {
		scope: FIELD_SCOPE,
		type: dev ? 'module' : 'classic'
	});
}
