// The tests' Chromium (tests/setup/browser.ts) passes one --disable-features list, Playwright's and
// ours, because Chromium keeps only the last such switch: this fails when the installed
// playwright-core disables a different list than the copy there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYWRIGHT_DISABLED_FEATURES, OWN_DISABLED_FEATURES } from '../setup/browser';

describe("the tests' Chromium flags", () => {
	it("copy the installed Playwright's --disable-features list exactly", () => {
		const require = createRequire(import.meta.url);
		const dir = path.dirname(require.resolve('playwright-core/package.json'));
		const bundle = readFileSync(path.join(dir, 'lib', 'coreBundle.js'), 'utf8');
		const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle);
		expect(list, "playwright-core's disabledFeatures list, where 1.65 keeps it").not.toBeNull();
		const names = [...list![1].matchAll(/^\s*"([A-Za-z]+)",?\s*$/gm)].map((m) => m[1]);
		expect(names).toEqual(PLAYWRIGHT_DISABLED_FEATURES);
		expect(OWN_DISABLED_FEATURES.some((f) => names.includes(f))).toBe(false);
	});
});
