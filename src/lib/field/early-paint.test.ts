import { describe, expect, it } from 'vitest';
import { EARLY_PAINT_ID, withEarlyPaint } from './early-paint';

const page = `<!doctype html>
<html lang="zh-CN">
	<head><title>RedGrid</title><script type="module">import('/_app/start.js')</script></head>
	<body data-sveltekit-preload-data="hover">
		<div style="display: contents"><script>start()</script></div>
	</body>
</html>`;
const fragment = `<div id="${EARLY_PAINT_ID}" inert=""><ul class="cards"><li>T-1</li></ul></div>`;

describe('early paint of /my-grid offline', () => {
	it("puts the fragment first in the page's body, before SvelteKit's element", () => {
		const html = withEarlyPaint(page, fragment);
		const body = '<body data-sveltekit-preload-data="hover">';
		expect(html.indexOf(fragment)).toBe(html.indexOf(body) + body.length);
		expect(html.indexOf(fragment)).toBeLessThan(html.indexOf('<div style="display: contents">'));
		expect(html.replace(fragment, '')).toBe(page);
	});

	it('leaves the page as it is for anything else, or a page without a body', () => {
		expect(withEarlyPaint(page, '<script>alert(1)</script>')).toBe(page);
		expect(withEarlyPaint(page, '')).toBe(page);
		expect(withEarlyPaint('<p>no body</p>', fragment)).toBe('<p>no body</p>');
	});
});
