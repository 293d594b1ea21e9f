// The names of the caches the field page fills and the service worker reads, made once for both:
// the page knows the app's version from $app/environment, the service worker from $service-worker.

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
