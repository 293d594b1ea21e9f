import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		// `npm test` runs three projects: unit tests need nothing; integration tests get their own
		// database cloned from the migrated, seeded template; e2e tests drive the built app in Chromium.
		// `npm run test:data` runs the fourth, `data`: tests of third-party files that cannot ship in
		// the repository (../shared/data, or REDGRID_SHARED_DATA); it fails when they are missing.
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					setupFiles: ['tests/setup/database.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			},
			{
				extends: true,
				test: {
					name: 'data',
					include: ['tests/data/**/*.test.ts'],
					setupFiles: ['tests/setup/database.ts'],
					testTimeout: 300_000,
					hookTimeout: 300_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					testTimeout: 90_000,
					hookTimeout: 90_000,
					fileParallelism: false
				}
			}
		]
	}
});
