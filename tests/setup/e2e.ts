// The prologue of an e2e test file: Chromium (and, when asked, a client of the e2e database) opened
// before the file's tests and closed after them, and pages signed in as demo users.
import pg from 'pg';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { e2eDatabaseUrl, launch, signIn } from './browser';

export interface E2eFile {
	/** Chromium, launched before the file's tests */
	readonly browser: Browser;
	/** a client of the database of the app under test (e2eDatabaseUrl()); only with `e2eFile({ db: true })` */
	readonly sql: pg.Client;
	/**
	 * A new page in a browser context of its own (its own cookies: one browser holds several users),
	 * signed in as the demo user `username`; `options`: the context's viewport, touch, downloads….
	 */
	signedInPage(username: string, options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Call once at the top of an e2e test file: registers its beforeAll (launch Chromium; with `db`,
 * connect to the e2e database) and afterAll (close both), and answers the handle its tests use.
 */
export function e2eFile(opts: { db?: boolean } = {}): E2eFile {
	let browser: Browser | undefined;
	let sql: pg.Client | undefined;
	beforeAll(async () => {
		browser = await launch();
		if (opts.db) {
			sql = new pg.Client({ connectionString: e2eDatabaseUrl() });
			await sql.connect();
		}
	});
	afterAll(async () => {
		await browser?.close();
		await sql?.end();
	});
	const file: E2eFile = {
		get browser() {
			if (!browser) throw new Error('the browser is launched in beforeAll: use it inside a test');
			return browser;
		},
		get sql() {
			if (!sql)
				throw new Error(
					opts.db ? 'the database is connected in beforeAll' : 'e2eFile({ db: true }) connects it'
				);
			return sql;
		},
		async signedInPage(username, options = {}) {
			const page = await file.browser.newPage(options);
			await signIn(page, username);
			return page;
		}
	};
	return file;
}
