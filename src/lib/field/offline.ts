// What /my-grid needs to open without a network, put into the service worker's caches by the page
// itself once it has loaded online: its own code (the scripts and styles this page loaded, not the
// whole app), its HTML and data, and the zone's base-map tiles z14–17 within a byte budget.
// src/service-worker.ts answers from these caches when the server cannot be reached.
import { version } from '$app/environment';
import { padBbox, tilesForBbox, type Bbox } from './tiles';
import { cacheNames, FIELD_PAGE } from './cache-names';

export type { Bbox };

const names = cacheNames(version);
/** Cache names (cache-names.ts, shared with src/service-worker.ts). */
export const SHELL_CACHE = names.shell;
export const SHELL_BACKUP_CACHE = names.shellBackup;
export const TILE_CACHE = names.tiles;
/** The base-map layers drawn under the zone (the app's own vector tiles). */
export const BASE_LAYERS = ['areas', 'grid-cells', 'compounds', 'buildings'] as const;
export const TILE_ZOOMS = [14, 17] as const;
/** At most this many bytes of tiles per zone (≈ 30 MB). */
export const TILE_BUDGET_BYTES = 30 * 1024 * 1024;

let shellRun: Promise<number> | null = null;

/**
 * Caches the field page's HTML, its server data and every script and style it loaded or its HTML
 * names; resolves to the number of URLs fetched. One run at a time (the zone reloads often; a second
 * call while one runs shares it). The page's own answers are fetched first, then every script they
 * and this page need is stored, and the page's answers only after that: the page in the cache finds
 * its code there (a phone that lost the network mid-run keeps its old page and that page's code;
 * after a deploy, the new HTML's scripts are stored with it). Chromium's Cache.put deletes the old
 * entry before it writes the new one, so a page closed mid-write would leave the phone without its
 * offline page: each answer is read in full first and the put is then one short write, and an
 * answer that is not 200 keeps the old entry. The page's own answers, rewritten on every refresh,
 * are put twice, into SHELL_BACKUP_CACHE and then into SHELL_CACHE: a page closed during either put
 * leaves the other copy whole, and the service worker reads the second cache when the first has no
 * entry (one lost reopening was still seen with the short write alone).
 */
export function cacheFieldShell(): Promise<number> {
	shellRun ??= refreshShell().finally(() => (shellRun = null));
	return shellRun;
}

/** The page's own answers (rewritten on every refresh); everything else is its immutable code. */
const PAGE_URLS = [FIELD_PAGE, `${FIELD_PAGE}/__data.json`];

async function refreshShell(): Promise<number> {
	if (!('caches' in window) || !navigator.serviceWorker?.controller) return 0;
	const own = performance
		.getEntriesByType('resource')
		.map((e) => new URL(e.name))
		.filter((u) => u.origin === location.origin && u.pathname.startsWith('/_app/'))
		.map((u) => u.pathname);
	const pages: { url: string; res: Response; body: ArrayBuffer }[] = [];
	for (const url of PAGE_URLS) {
		const res = await fetch(url, { credentials: 'same-origin' });
		if (res.ok) pages.push({ url, res, body: await res.arrayBuffer() });
	}
	const named = pages.flatMap((p) => immutableUrls(new TextDecoder().decode(p.body)));
	const cache = await caches.open(SHELL_CACHE);
	const backup = await caches.open(SHELL_BACKUP_CACHE);
	const code = [];
	for (const u of new Set(['/manifest.webmanifest', ...own, ...named]))
		if (!(await cache.match(u))) code.push(u);
	const stored = await Promise.all(
		code.map(async (u) => {
			const res = await fetch(u, { credentials: 'same-origin' });
			if (res.ok) await putWhole(cache, u, res, await res.arrayBuffer());
			return res.ok;
		})
	);
	// a script not stored: the old page stays, with the code it imports
	if (stored.includes(false)) return PAGE_URLS.length + code.length;
	for (const p of pages) {
		await putWhole(backup, p.url, p.res, p.body);
		await putWhole(cache, p.url, p.res, p.body);
	}
	return PAGE_URLS.length + code.length;
}

/** The app's immutable scripts and styles a page's HTML names (its preloads and its start script's imports). */
export function immutableUrls(html: string): string[] {
	return [...new Set(html.match(/\/_app\/immutable\/[\w./-]+\.(?:js|css)/g) ?? [])];
}

/** Puts a 200 answer into the cache with its body already read (a short write: see cacheFieldShell). */
async function putWhole(cache: Cache, url: string, res: Response, body?: ArrayBuffer): Promise<void> {
	if (!res.ok) return;
	body ??= await res.arrayBuffer();
	const copy = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
	await cache.put(url, copy);
}

/**
 * Fetches the zone's base-map tiles (z14–17 of the zone grown by 200 m) into the tile cache, lowest
 * zoom first, until the budget is spent. Tile URLs come from each layer's TileJSON and carry the
 * data version, so a cached tile is never stale.
 */
export async function cacheZoneTiles(
	box: Bbox,
	budget = TILE_BUDGET_BYTES
): Promise<{ tiles: number; bytes: number }> {
	if (!('caches' in window) || !navigator.serviceWorker?.controller) return { tiles: 0, bytes: 0 };
	const cache = await caches.open(TILE_CACHE);
	const templates: string[] = [];
	for (const layer of BASE_LAYERS) {
		const url = `/api/tiles/${layer}.json`;
		const res = await fetch(url);
		if (!res.ok) continue;
		const body = await res.arrayBuffer();
		await putWhole(cache, url, res, body);
		const tj = JSON.parse(new TextDecoder().decode(body)) as { tiles: string[] };
		templates.push(tj.tiles[0]);
	}
	let bytes = 0;
	let count = 0;
	for (const t of tilesForBbox(padBbox(box, 200), TILE_ZOOMS[0], TILE_ZOOMS[1])) {
		for (const tpl of templates) {
			const url = tpl.replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));
			const hit = await cache.match(url);
			if (hit) {
				bytes += Number(hit.headers.get('content-length') ?? 0);
				continue;
			}
			const res = await fetch(url);
			if (!res.ok) continue;
			const body = await res.arrayBuffer();
			if (bytes + body.byteLength > budget) return { tiles: count, bytes };
			bytes += body.byteLength;
			count++;
			await putWhole(cache, url, res, body);
		}
	}
	return { tiles: count, bytes };
}
