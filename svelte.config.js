import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// REDGRID_BUILD_DIR / REDGRID_KIT_DIR let parallel builds (several worktrees or developers) not collide
		adapter: adapter({ out: process.env.REDGRID_BUILD_DIR ?? 'build' }),
		outDir: process.env.REDGRID_KIT_DIR ?? '.svelte-kit',
		// Cookie-authenticated routes keep an origin check (see src/hooks.server.ts); the built-in
		// one is off because it would also answer 403 to Open311 clients that authenticate by api_key.
		csrf: { trustedOrigins: ['*'] },
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
