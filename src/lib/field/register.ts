// The service worker (src/service-worker.ts) is registered for the field page only: its scope is
// FIELD_SCOPE, so /my-grid's requests go through it (to open offline) and no other page's do. At
// scope '/', every request of every page (the map's tiles, the dashboard's data) waited for a fetch
// event in the worker and a cache lookup; on the map page that was about 0.3 s of its first load.
import { dev } from '$app/environment';

/** The pages the service worker controls (a prefix of their path). */
export const FIELD_SCOPE = '/my-grid';

/**
 * Registers the service worker at FIELD_SCOPE, then unregisters one left at the origin's root by an
 * earlier version (a phone keeps a registration until it is removed; its caches stay, so the field
 * page's offline copy is kept). In that order: a phone offline at the time keeps its old worker,
 * and /my-grid goes to the new one once both exist (the longest scope that matches). Called from
 * every page, so the worker is ready before a grid worker first opens /my-grid, as SvelteKit's own
 * registration was. Resolves when done; rejects with the browser's error (offline, or not a secure
 * context).
 */
export async function registerFieldWorker(): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	await navigator.serviceWorker.register('/service-worker.js', {
		scope: FIELD_SCOPE,
		type: dev ? 'module' : 'classic'
	});
	for (const r of await navigator.serviceWorker.getRegistrations())
		if (new URL(r.scope).pathname === '/') await r.unregister();
}
