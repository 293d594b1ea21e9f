/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The service worker: makes the app installable and lets /my-grid open without a network. Its
// scope is /my-grid (src/lib/field/register.ts), so only the requests of a page loaded there come
// here. It precaches only the static files (icons, manifest); the field page puts its own code,
// data and its zone's base-map tiles into the caches once it has loaded online
// (src/lib/field/offline.ts).
// Offline, /my-grid's page carries the early paint the page last wrote (src/lib/field/early-paint.ts):
// the zone's cards and outbox as they last stood, shown before the app's code has started.
// Everything else goes to the network untouched: API writes are never answered from here (the
// page's outbox queues them), so nothing is pretended to have been sent.
import { files, version } from '$service-worker';
import { EARLY_PAINT_URL, earlyPaintFits, withEarlyPaint } from '$lib/field/early-paint';
import { deviceState } from '$lib/field/device';
import { cacheNames, FIELD_PAGE } from '$lib/field/cache-names';

const sw = self as unknown as ServiceWorkerGlobalScope;
const {
	shell: SHELL_CACHE,
	shellBackup: SHELL_BACKUP_CACHE,
	static: STATIC_CACHE,
	tiles: TILE_CACHE
} = cacheNames(version);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(STATIC_CACHE)
			.then((c) => c.addAll(files))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	// drop the previous version's code caches; the tiles stay (their URLs carry the data version)
	event.waitUntil(
		caches
			.keys()
			.then((keys) =>
				Promise.all(
					keys
						.filter((k) => k.startsWith('redgrid-') && !Object.values(cacheNames(version)).includes(k))
						.map((k) => caches.delete(k))
				)
			)
			.then(() => sw.clients.claim())
	);
});

/**
 * The network's answer, or the cache's when the server cannot be reached (the first of `cacheNames`
 * that holds it: the page's second copy after its first).
 */
async function networkFirst(request: Request, ...cacheNames: string[]): Promise<Response> {
	try {
		return await fetch(request);
	} catch (err) {
		for (const name of cacheNames) {
			const hit = await (await caches.open(name)).match(request, { ignoreSearch: true });
			if (hit) return hit;
		}
		throw err;
	}
}

/**
 * An offline page's HTML: the network's, else the cached page with the early paint in its body (when
 * the page has written one and the phone's zone and queue are still what it shows), else the cached
 * page as it is.
 */
async function offlinePage(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch (err) {
		const cache = await caches.open(SHELL_CACHE);
		const page =
			(await cache.match(FIELD_PAGE)) ?? (await (await caches.open(SHELL_BACKUP_CACHE)).match(FIELD_PAGE));
		if (!page) throw err;
		const early = await cache.match(EARLY_PAINT_URL);
		if (!early) return page;
		const [fragment, device] = await Promise.all([early.text(), deviceState().catch(() => null)]);
		if (!device || !earlyPaintFits(fragment, device)) return page;
		const headers = new Headers(page.headers);
		headers.delete('content-length');
		return new Response(withEarlyPaint(await page.text(), fragment), {
			status: page.status,
			statusText: page.statusText,
			headers
		});
	}
}

/**
 * The cache's answer, else the network's (for URLs whose content never changes). Nothing is added
 * here: the field page chooses what to keep, so other pages' code never fills the phone.
 */
async function cacheFirst(request: Request): Promise<Response> {
	return (await caches.match(request)) ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
	const req = event.request;
	if (req.method !== 'GET') return;
	const url = new URL(req.url);
	if (url.origin !== sw.location.origin) return;
	const path = url.pathname;

	// the page opens offline (its HTML and __data.json are cached by the page)
	if (req.mode === 'navigate' && (path === FIELD_PAGE || path.startsWith(`${FIELD_PAGE}/`)))
		event.respondWith(offlinePage(req));
	else if (path === `${FIELD_PAGE}/__data.json`)
		event.respondWith(networkFirst(req, SHELL_CACHE, SHELL_BACKUP_CACHE));
	else if (path.startsWith('/_app/immutable/')) event.respondWith(cacheFirst(req));
	else if (files.includes(path)) event.respondWith(cacheFirst(req));
	else if (/^\/api\/tiles\/[^/]+\.json$/.test(path)) event.respondWith(networkFirst(req, TILE_CACHE));
	else if (path.startsWith('/api/tiles/')) event.respondWith(cacheFirst(req));
});
