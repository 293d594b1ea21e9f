// Debian's Chromium driven by playwright-core, with WebGL through SwiftShader (see README); signing
// in, reading JSON as a page, waiting for the map to be idle. (An e2e file's hooks: ./e2e.ts.)
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../src/lib/codes';

/** The demo login of each role (src/lib/server/demo; password redgrid-demo). */
export const DEMO_USER: Record<Role, string> = {
	admin: 'admin',
	official: 'official',
	grid_worker: 'gridworker',
	steward: 'steward',
	planner: 'planner',
	dispatcher: 'dispatcher',
	company: 'company',
	department: 'department'
};

export const baseUrl = () => {
	const url = process.env.REDGRID_TEST_BASE_URL;
	if (!url) throw new Error('e2e tests run through `npm run test:e2e`, which starts the app');
	return url;
};

/** The database of the app under test (each e2e shard has its own app and database). */
export const e2eDatabaseUrl = () => {
	const url = process.env.REDGRID_TEST_E2E_DATABASE_URL;
	if (!url) throw new Error('e2e tests run through `npm run test:e2e`, which creates the app database');
	return url;
};

/**
 * Playwright's own `--disable-features` list (playwright-core ~1.65, chromiumSwitches.ts: network
 * calls to Google at start-up, HTTPS upgrades of our http://127.0.0.1 app, paint holding …).
 * tests/unit/browser-flags.test.ts fails when the installed Playwright's list differs.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
	'AvoidUnnecessaryBeforeUnloadCheckSync',
	'DestroyProfileOnBrowserClose',
	'HttpsUpgrades',
	'HttpsFirstBalancedModeAutoEnable',
	'LensOverlay',
	'MediaRouter',
	'PaintHolding',
	'ThirdPartyStoragePartitioning',
	'AvoidCorsURLLoaderRestartOnRedirect',
	'TcpPortRandomizationWin',
	'OptimizationHints',
	'NetworkTimeServiceQuerying',
	'AimEnabled',
	'PreconnectToSearch',
	'msForceBrowserSignIn',
	'msEdgeUpdateLaunchServicesPreferredVersion'
];
/**
 * Ours: Chromium's own omnibox popup (a WebUI page in a renderer of its own) is built for every new
 * tab although headless has no omnibox, about 1 s of CPU per page on a 2-core machine, in the way of
 * the page under test.
 */
export const OWN_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/** How the tests' Chromium is started (launch, launchPersistent). */
const LAUNCH_OPTIONS = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	headless: true,
	// Chromium keeps only the last --disable-features switch: Playwright's is dropped and ours
	// carries both lists
	ignoreDefaultArgs: [`--disable-features=${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`],
	args: [
		'--use-angle=swiftshader',
		'--enable-unsafe-swiftshader',
		'--no-sandbox',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic',
		`--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OWN_DISABLED_FEATURES].join(',')}`
	]
};

export function launch(): Promise<Browser> {
	return chromium.launch(LAUNCH_OPTIONS);
}

/**
 * A browser with a profile on disk in `userDataDir`, as a phone's: its caches and storage are kept
 * in files. A context of `launch()` is off the record and keeps the service worker's caches in
 * memory; there tests/e2e/field-offline.test.ts found the entries of both cached copies of a page
 * gone, the caches themselves still there, in two of eight full runs.
 */
export function launchPersistent(
	userDataDir: string,
	options: Parameters<typeof chromium.launchPersistentContext>[1] = {}
): Promise<BrowserContext> {
	return chromium.launchPersistentContext(userDataDir, { ...LAUNCH_OPTIONS, ...options });
}

export async function signIn(page: Page, username: string, password = 'redgrid-demo') {
	await page.goto(`${baseUrl()}/login`);
	await page.getByLabel(/用户名|Username/).fill(username);
	await page.getByLabel(/密码|Password/).fill(password);
	await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Logs in over HTTP and returns the session cookie header. */
export async function sessionCookie(username: string, password = 'redgrid-demo'): Promise<string> {
	const res = await fetch(`${baseUrl()}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status}`);
	return res.headers.getSetCookie()[0].split(';')[0];
}

/** The JSON the page's own fetch of `url` answers (with the page's session). */
export const pageJson = <T>(page: Page, url: string) =>
	page.evaluate(async (u) => (await fetch(u)).json(), url) as Promise<T>;

/** Resolves when the page's map (MapView's test hook) has loaded its tiles and stopped moving. */
export const waitForMapIdle = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const wait = () => {
					const m = (window as unknown as { __redgridMap?: import('maplibre-gl').Map }).__redgridMap;
					if (!m) return setTimeout(wait, 50);
					if (m.loaded() && m.areTilesLoaded() && !m.isMoving()) return resolve();
					m.once('idle', () => resolve());
				};
				wait();
			})
	);
