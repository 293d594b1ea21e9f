import { describe, expect, it } from 'vitest';
import { EARLY_PAINT_ID, earlyPaintFits, earlyStamp, withEarlyPaint } from './early-paint';

const page = `<!doctype html>
<html lang="zh-CN">
	<head><title>RedGrid</title><script type="module">import('/_app/start.js')</script></head>
	<body data-sveltekit-preload-data="hover">
		<div style="display: contents"><script nonce="abc">{ import('/_app/start.js').then((a) => a.start()); }</script></div>
	</body>
</html>`;
const fragment = `<div id="${EARLY_PAINT_ID}" inert=""><ul class="cards"><li>T-1</li></ul></div>`;

describe('early paint of /my-grid offline', () => {
	it("puts the fragment first in the page's body, before SvelteKit's element", () => {
		const html = withEarlyPaint(page, fragment);
		const body = '<body data-sveltekit-preload-data="hover">';
		expect(html.indexOf(fragment)).toBe(html.indexOf(body) + body.length);
		expect(html.indexOf(fragment)).toBeLessThan(html.indexOf('<div style="display: contents">'));
		// the app's start waits for the first frame, so the picture is painted before its code runs
		expect(html.replace(fragment, '')).toBe(
			page.replace(
				`<script nonce="abc">{ import('/_app/start.js')`,
				`<script nonce="abc">const __afterPaint = (u) => new Promise((r) => { requestAnimationFrame(() => setTimeout(r)); setTimeout(r, 100); }).then(() => import(u));{ __afterPaint('/_app/start.js')`
			)
		);
		expect(html).toContain(
			`<head><title>RedGrid</title><script type="module">import('/_app/start.js')</script></head>`
		);
	});

	it('leaves a start script without a nonce as it is (its CSP hash would not match)', () => {
		const hashed = page.replace(' nonce="abc"', '');
		expect(withEarlyPaint(hashed, fragment).replace(fragment, '')).toBe(hashed);
	});

	it('leaves the page as it is for anything else, or a page without a body', () => {
		expect(withEarlyPaint(page, '<script>alert(1)</script>')).toBe(page);
		expect(withEarlyPaint(page, '')).toBe(page);
		expect(withEarlyPaint('<p>no body</p>', fragment)).toBe('<p>no body</p>');
	});

	it('is shown only while the phone holds the zone and queue it was drawn from', () => {
		const synced = '2026-11-30T08:00:00.000Z';
		const queue = [
			{ user: 5, seq: 3, state: 'waiting' },
			{ user: 5, seq: 1, state: 'sent' },
			{ user: 9, seq: 2, state: 'waiting' }
		];
		const stamp = earlyStamp(
			synced,
			queue.filter((i) => i.user === 5)
		);
		expect(stamp).toBe(`${synced} 1:sent 3:waiting`);
		const drawn = `<div id="${EARLY_PAINT_ID}" data-user="5" data-stamp="${stamp}" inert=""></div>`;
		const zones = [
			{ user: 5, syncedAt: synced },
			{ user: 9, syncedAt: '2026-11-29T08:00:00.000Z' }
		];
		expect(earlyPaintFits(drawn, { zones, outbox: queue })).toBe(true);
		// a request queued after the copy was written (the page closed before it wrote the next one)
		expect(earlyPaintFits(drawn, { zones, outbox: [...queue, { user: 5, seq: 4, state: 'waiting' }] })).toBe(
			false
		);
		// a request sent or dismissed since, a zone synced since, another user's copy
		expect(earlyPaintFits(drawn, { zones, outbox: queue.map((i) => ({ ...i, state: 'sent' })) })).toBe(false);
		expect(earlyPaintFits(drawn, { zones, outbox: queue.filter((i) => i.seq !== 1) })).toBe(false);
		expect(
			earlyPaintFits(drawn, { zones: [{ user: 5, syncedAt: '2026-11-30T09:00:00.000Z' }], outbox: queue })
		).toBe(false);
		expect(earlyPaintFits(drawn.replace('data-user="5"', 'data-user="9"'), { zones, outbox: queue })).toBe(
			false
		);
		expect(earlyPaintFits(`<div id="${EARLY_PAINT_ID}" inert=""></div>`, { zones, outbox: queue })).toBe(
			false
		);
		// another user's requests on the phone do not count
		expect(earlyPaintFits(drawn, { zones, outbox: queue.filter((i) => i.user === 5) })).toBe(true);
	});
});
