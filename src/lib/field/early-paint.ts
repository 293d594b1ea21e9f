// The early paint of /my-grid offline: a picture of the page as it last stood (the zone's cards,
// the outbox with what the worker queued), kept as an HTML fragment in the service worker's shell
// cache and put into the cached page's HTML when /my-grid is opened without a network, so the
// phone shows the cards before the app's code has started. The fragment is inert (nothing in it
// can be tapped) and the app's own page replaces it as soon as it has drawn its cards.
// Written by the page (src/lib/field/early-capture.ts), read by src/service-worker.ts: free of the
// DOM and of SvelteKit's modules so both can use it.

/** The shell cache's key of the fragment (never requested from the server). */
export const EARLY_PAINT_URL = '/my-grid/__early.html';
/** The id of the fragment's root element in the page. */
export const EARLY_PAINT_ID = 'field-early';
/** Attribute of the page's parts the picture copies (the layout's top bar, the page). */
export const EARLY_PART = 'data-early-paint';
/** Attribute of parts left out of the picture (a card's open details, the toasts). */
export const EARLY_SKIP = 'data-early-skip';
/** Attribute of parts copied empty, a box sized by its own style (the map: a canvas). */
export const EARLY_BLANK = 'data-early-blank';

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
	return html.slice(0, at) + fragment + html.slice(at);
}

/**
 * The fragment's own style: while it is in the page, SvelteKit's element (its next sibling) stays
 * hidden, so the app can start behind it without the two showing at once.
 */
export const EARLY_STYLE = `#${EARLY_PAINT_ID}~div{display:none!important}#${EARLY_PAINT_ID}{display:contents}`;
