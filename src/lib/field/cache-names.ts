// The names the field page and the service worker share, made once for both: the page's path (the
// worker's scope) and the caches the page fills and the worker reads (the page knows the app's
// version from $app/environment, the service worker from $service-worker).

/** The field page, which opens without a network: the service worker's scope is this path. */
export const FIELD_PAGE = '/my-grid';

/** The caches of one app version (`version`: SvelteKit's version string). */
export function cacheNames(version: string) {
	const shell = `redgrid-shell-${version}`;
	return {
		/** the field page's code, HTML, data and early paint */
		shell,
		/**
		 * the page's second copy of its own answers (HTML and data), written before `shell`, so one of
		 * the two always holds a whole copy (src/lib/field/offline.ts, cacheFieldShell)
		 */
		shellBackup: `${shell}-previous`,
		/** the static files (icons, manifest), precached at install */
		static: `redgrid-static-${version}`,
		/** the zone's base-map tiles: kept across versions (their URLs carry the data version) */
		tiles: 'redgrid-tiles'
	};
}
