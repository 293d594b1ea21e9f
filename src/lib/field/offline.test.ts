import { describe, expect, it } from 'vitest';
import { immutableUrls } from './offline';

// the shape of a page SvelteKit 2 renders (relative paths): preloads, a stylesheet, the start script
const page = `<!doctype html><html><head>
	<link href="./_app/immutable/assets/0.B1xq9Zc4.css" rel="stylesheet">
	<link rel="modulepreload" href="./_app/immutable/entry/start.D4kq_p-1.js">
	<link rel="modulepreload" href="./_app/immutable/chunks/BM5MGIUJ.js">
	<link rel="modulepreload" href="./_app/immutable/entry/start.D4kq_p-1.js">
	<link rel="manifest" href="/manifest.webmanifest">
</head><body><div style="display: contents"><script nonce="n">
	{ Promise.all([import("./_app/immutable/entry/start.D4kq_p-1.js"), import("./_app/immutable/entry/app.Cq2.js")])
	  .then(([kit, app]) => { kit.start(app, element, { node_ids: [0, 12] }); }); }
</script></div><img src="/icon.svg"><a href="/_app/version.json">v</a></body></html>`;

describe("the field page's offline copy", () => {
	it('names each immutable script and style of the HTML once, and nothing else', () => {
		expect(immutableUrls(page)).toEqual([
			'/_app/immutable/assets/0.B1xq9Zc4.css',
			'/_app/immutable/entry/start.D4kq_p-1.js',
			'/_app/immutable/chunks/BM5MGIUJ.js',
			'/_app/immutable/entry/app.Cq2.js'
		]);
		expect(immutableUrls('<p>no scripts</p>')).toEqual([]);
	});
});
