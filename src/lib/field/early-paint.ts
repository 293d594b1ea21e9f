// The early paint of /my-grid offline: a picture of the page as it last stood (the zone's cards,
// the outbox with what the worker queued), kept as an HTML fragment in the service worker's shell
// cache and put into the cached page's HTML when /my-grid is opened without a network, so the
// phone shows the cards before the app's code has started. The fragment is inert (nothing in it
// can be tapped) and the app's own page replaces it as soon as it has drawn its cards.
// Written by the page (src/lib/field/early-capture.ts), read by src/service-worker.ts: free of the
// DOM and of SvelteKit's modules so both can use it.
import { FIELD_PAGE } from './cache-names';

/** The shell cache's key of the fragment (never requested from the server). */
export const EARLY_PAINT_URL = `${FIELD_PAGE}/__early.html`;
/** The id of the fragment's root element in the page. */
export const EARLY_PAINT_ID = 'field-early';
/** Attribute of the page's parts the picture copies (the layout's top bar, the page). */
export const EARLY_PART = 'data-early-paint';
/** Attribute of parts left out of the picture (a card's open details, the toasts). */
export const EARLY_SKIP = 'data-early-skip';
/** Attribute of parts copied empty, a box sized by its own style (the map: a canvas). */
export const EARLY_BLANK = 'data-early-blank';

/** What the phone holds that an early paint shows: a user's zone (when synced) and queue. */
export interface DeviceState {
	zones: readonly { user: number; syncedAt: string }[];
	outbox: readonly { user: number; seq?: number; state: string }[];
}

/**
 * What an early paint shows of the phone's data, as one string: when the zone was synced and each
 * queued request's position and state, in queue order. The page writes it on the fragment's root
 * (`data-stamp`, with `data-user`); the service worker computes it again from IndexedDB.
 */
export function earlyStamp(syncedAt: string, queue: readonly { seq?: number; state: string }[]): string {
	const items = [...queue].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)).map((i) => `${i.seq}:${i.state}`);
	return [syncedAt, ...items].join(' ');
}

/**
 * Whether the fragment still shows what the page would: its user's zone and queue on the phone
 * have the stamp it was written with. Not when the page was closed between a change (a request
 * queued, a new zone) and its next copy, nor for a fragment without a stamp: then the service worker
 * serves the page without it, and the app draws the cards itself.
 */
export function earlyPaintFits(fragment: string, device: DeviceState): boolean {
	const m = new RegExp(`^<div id="${EARLY_PAINT_ID}" data-user="(\\d+)" data-stamp="([^"]*)"`).exec(fragment);
	if (!m) return false;
	const user = Number(m[1]);
	const zone = device.zones.find((z) => z.user === user);
	if (!zone) return false;
	const stamp = earlyStamp(
		zone.syncedAt,
		device.outbox.filter((i) => i.user === user)
	);
	return stamp === m[2];
}

/**
 * The page's HTML with the fragment placed first in its body (before SvelteKit's own element, which
 * the fragment's style hides while both are there). `html` is the cached page as the server sent
 * it; `fragment` is what capture wrote. Returns `html` unchanged when it has no `<body>` tag or the
 * fragment is not one of ours (its root must be the element with EARLY_PAINT_ID).
 */
export function withEarlyPaint(html: string, fragment: string): string {
	if (!fragment.startsWith(`<div id="${EARLY_PAINT_ID}"`)) return html;
	const body = /<body\b[^>]*>/i.exec(html);
	if (!body) return html;
	const at = body.index + body[0].length;
	return html.slice(0, at) + fragment + startAfterPaint(html.slice(at));
}

/**
 * SvelteKit's inline start script in `body` with its `import(` calls made to wait for the next
 * frame (or 100 ms at most, for a hidden page): evaluating the app's code is one long task, and
 * Chromium would run it before painting the early paint. Only a script with a nonce is changed (a
 * CSP hash would no longer match it); anything else is returned as it is.
 */
export function startAfterPaint(body: string): string {
	const m = /(<script nonce="[^"]*">)([\s\S]*?)(<\/script>)/.exec(body);
	if (!m || !m[2].includes('import(')) return body;
	const wait =
		'const __afterPaint = (u) => new Promise((r) => { requestAnimationFrame(() => setTimeout(r)); ' +
		'setTimeout(r, 100); }).then(() => import(u));';
	const script = m[1] + wait + m[2].replaceAll('import(', '__afterPaint(') + m[3];
	return body.slice(0, m.index) + script + body.slice(m.index + m[0].length);
}

/**
 * The fragment's own style: while it is in the page, SvelteKit's element (its next sibling) stays
 * hidden, so the app can start behind it without the two showing at once.
 */
export const EARLY_STYLE = `#${EARLY_PAINT_ID}~div{display:none!important}#${EARLY_PAINT_ID}{display:contents}`;
