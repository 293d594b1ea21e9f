// The page's side of the early paint (src/lib/field/early-paint.ts): a copy of what /my-grid shows
// now (the layout's top bar and the page, the parts marked EARLY_PART) written into the service
// worker's shell cache whenever the zone, the outbox or the language changes, and its removal once
// the app has drawn the page itself.
import {
	EARLY_BLANK,
	EARLY_PAINT_ID,
	EARLY_PAINT_URL,
	EARLY_PART,
	EARLY_SKIP,
	EARLY_STYLE
} from './early-paint';
import { SHELL_CACHE } from './offline';

/**
 * The fragment for the current page: an inert root holding its own style and the page's CSS rules
 * that apply to it (usedCss), and copies of the marked parts inside plain copies of their ancestors
 * (so scoped classes and layout match), without the EARLY_SKIP parts,
 * the EARLY_BLANK parts empty (their own style gives them their size), no ids. `note` is shown at
 * the bottom while the app starts (what the copy is and from when); `shows` names the user and the
 * stamp of the zone and queue drawn (earlyStamp). Null when the page has no marked part.
 */
export function captureEarlyPaint(
	doc: Document,
	note: string,
	shows: { user: number; stamp: string }
): string | null {
	const parts = [...doc.querySelectorAll(`[${EARLY_PART}]`)].filter((p) => !p.closest(`#${EARLY_PAINT_ID}`));
	if (!parts.length) return null;
	const root = doc.createElement('div');
	root.id = EARLY_PAINT_ID;
	// whose data, and which state of it (earlyStamp): the service worker shows the copy only while
	// the phone still holds exactly that
	root.setAttribute('data-user', String(shows.user));
	root.setAttribute('data-stamp', shows.stamp);
	root.setAttribute('inert', '');
	root.setAttribute('aria-busy', 'true');
	const style = doc.createElement('style');
	style.textContent = EARLY_STYLE;
	root.append(style);
	const copies = new Map<Element, Element>();
	// a plain copy of an ancestor, placed in the copy of its own parent, up to SvelteKit's element
	const shellOf = (el: Element): Element => {
		const hit = copies.get(el);
		if (hit) return hit;
		const copy = el.cloneNode(false) as Element;
		copies.set(el, copy);
		const parent = el.parentElement;
		const top = !parent || parent === doc.body || parent.parentElement === doc.body;
		(top ? root : shellOf(parent)).append(copy);
		return copy;
	};
	for (const part of parts) {
		const copy = part.cloneNode(true) as Element;
		for (const b of copy.querySelectorAll(`[${EARLY_BLANK}]`)) b.replaceChildren();
		for (const s of copy.querySelectorAll(`[${EARLY_SKIP}]`)) s.remove();
		for (const e of [copy, ...copy.querySelectorAll('[id]')]) e.removeAttribute('id');
		for (const e of copy.querySelectorAll('[aria-expanded="true"]')) e.setAttribute('aria-expanded', 'false');
		copy.removeAttribute(EARLY_PART);
		const parent = part.parentElement;
		const top = !parent || parent === doc.body || parent.parentElement === doc.body;
		(top ? root : shellOf(parent)).append(copy);
	}
	// the page's style rules that apply to the copy, inline: a stylesheet link in the body would hold
	// the parser (and the picture) until the service worker has answered it
	style.textContent += usedCss(doc, root);
	const p = doc.createElement('p');
	p.setAttribute('role', 'status');
	p.textContent = note;
	p.setAttribute(
		'style',
		'position:fixed;z-index:1000;left:50%;bottom:16px;transform:translateX(-50%);margin:0;padding:6px 14px;' +
			'border-radius:16px;background:#333d;color:#fff;font-size:14px;white-space:nowrap'
	);
	root.append(p);
	return root.outerHTML;
}

/**
 * The CSS rules of the page's same-origin stylesheets whose selectors match something in the copy
 * (tried in a document of its own, so rules for html and body count), @media rules with their
 * matching rules inside; hover states, animations and fonts are left out (a still picture).
 */
function usedCss(doc: Document, copy: Element): string {
	const probe = doc.implementation.createHTMLDocument('');
	probe.body.append(probe.importNode(copy, true));
	const matches = (selector: string) => {
		try {
			return (
				probe.querySelector(
					selector.replace(/::?(before|after|placeholder|marker|selection|-webkit-[\w-]+)/g, '')
				) !== null
			);
		} catch {
			return false;
		}
	};
	const keep = (rule: CSSRule): string => {
		if (rule instanceof CSSStyleRule) return matches(rule.selectorText) ? rule.cssText : '';
		if (rule instanceof CSSMediaRule) {
			const inner = [...rule.cssRules].map(keep).join('');
			return inner && `@media ${rule.conditionText}{${inner}}`;
		}
		return '';
	};
	let css = '';
	for (const sheet of doc.styleSheets) {
		if (sheet.href && new URL(sheet.href).origin !== location.origin) continue;
		try {
			for (const rule of sheet.cssRules) css += keep(rule);
		} catch {
			// a stylesheet the page may not read: left out
		}
	}
	return css;
}

/**
 * Writes the fragment into the shell cache for the service worker's offline answer; false when the
 * page is not under a service worker (nothing would read it). A single short write, as for the shell.
 */
export async function saveEarlyPaint(fragment: string): Promise<boolean> {
	if (!('caches' in window) || !navigator.serviceWorker?.controller) return false;
	const cache = await caches.open(SHELL_CACHE);
	await cache.put(
		EARLY_PAINT_URL,
		new Response(fragment, { headers: { 'content-type': 'text/html; charset=utf-8' } })
	);
	return true;
}

/** Removes the early paint from the page (the app has drawn its own, or is on another page). */
export function dropEarlyPaint(): void {
	if (typeof document !== 'undefined') document.getElementById(EARLY_PAINT_ID)?.remove();
}
