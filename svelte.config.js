import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { config as env } from './src/lib/server/config.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// REDGRID_BUILD_DIR / REDGRID_KIT_DIR let parallel builds (several worktrees or developers) not collide
		adapter: adapter({ out: env.buildDir }),
		outDir: env.kitDir,
		// Cookie-authenticated routes keep an origin check (see src/hooks.server.ts); the built-in
		// one is off because it would also answer 403 to Open311 clients that authenticate by api_key.
		csrf: { trustedOrigins: ['*'] },
		// registered by the app for /my-grid only (src/lib/field/register.ts), not at '/' for every page
		serviceWorker: { register: false },
		// Content-Security-Policy of every page (README, "Security"): scripts only from the app (a
		// nonce for SvelteKit's inline bootstrap), MapLibre's blob: workers and inline styles, tiles
		// and data from the app (the hooks add the 天地图 host when REDGRID_TIANDITU_KEY is set),
		// no framing by other sites.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'child-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// type-check the scripts (start, test, seed, benchmarks) with the app
		typescript: {
			config: (c) => {
				c.include.push('../scripts/**/*.ts', '../scripts/**/*.mjs');
				return c;
			}
		}
	}
};

export default config;
