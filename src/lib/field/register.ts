// The service worker (src/service-worker.ts) is registered for the field page only: its scope is
// FIELD_PAGE, so a document loaded at /my-grid sends its requests through it (to open offline) and
// a document loaded anywhere else does not. At scope '/', every request of every page (the map's
// tiles, the dashboard's data) waited for a fetch event in the worker and a cache lookup; on the map
// page that was about 0.3 s of its first load.
import { dev } from '$app/environment';
import { FIELD_PAGE } from './cache-names';

/** Whether a URL of this origin is in the worker's scope. */
export const inFieldScope = (url: URL) =>
	url.origin === location.origin && url.pathname.startsWith(FIELD_PAGE);

/**
 * Whether an in-app navigation to `url` must be a full page load instead: a browser gives a
 * document its service worker when the document loads, so /my-grid reached from another page by the
 * client-side router would run without one (and write no offline copy: src/lib/field/offline.ts).
 */
export const needsFullLoad = (url: URL) =>
	'serviceWorker' in navigator && inFieldScope(url) && !navigator.serviceWorker.controller;

/**
 * Registers the service worker with the scope FIELD_PAGE and, once it is active, unregisters one left at the
 * origin's root by an earlier version (a phone keeps a registration until it is removed; its
 * caches stay, so the field page's offline copy is kept). In that order: a phone whose new worker
 * fails to install (offline mid-install) keeps its old one, and /my-grid goes to the new one once
 * both exist (the longest scope that matches). Called from every page, so the worker is ready
 * before a grid worker first opens /my-grid. Resolves when done; rejects with the browser's error
 * (offline, not a secure context) or when the new worker does not install.
 */
export async function registerFieldWorker(): Promise<void> {
	if (!('serviceWorker' in navigator)) return;
	const reg = await navigator.serviceWorker.register('/service-worker.js', {
		scope: FIELD_PAGE,
		type: dev ? 'module' : 'classic'
	});
	await activated(reg);
	for (const r of await navigator.serviceWorker.getRegistrations())
		if (new URL(r.scope).pathname === '/') await r.unregister();
}

/** Resolves once the registration has an active worker; rejects if its new worker fails to install. */
function activated(reg: ServiceWorkerRegistration): Promise<void> {
	if (reg.active) return Promise.resolve();
	const sw = reg.installing ?? reg.waiting;
	if (!sw) return Promise.reject(new Error('service worker: nothing installing'));
	return new Promise((resolve, reject) => {
		sw.addEventListener('statechange', () => {
			if (sw.state === 'activated') resolve();
			else if (sw.state === 'redundant') reject(new Error('service worker: did not install'));
		});
	});
}
