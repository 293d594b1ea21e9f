// Security headers and login CSRF, in Chromium: the main pages run under the Content-Security-Policy
// without a single violation (MapLibre's blob: workers, inline styles, deck.gl), every answer has
// X-Content-Type-Options and no framing; a cross-site form that posts credentials as text/plain
// leaves the browser signed out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { baseUrl, signIn } from '../setup/browser';
import { e2eFile } from '../setup/e2e';

const e2e = e2eFile();

describe('security headers', () => {
	it('pages and API answers carry CSP, frame-ancestors and nosniff; anonymous health says only up', async () => {
		const page = await fetch(`${baseUrl()}/login`);
		const csp = page.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toMatch(/worker-src 'self' blob:/);
		expect(csp).toMatch(/script-src 'self' 'nonce-/);
		expect(page.headers.get('x-content-type-options')).toBe('nosniff');
		const health = await fetch(`${baseUrl()}/api/health`);
		expect(health.headers.get('x-content-type-options')).toBe('nosniff');
		expect(await health.json()).toEqual({ status: 'ok' });
	});

	it('the main pages load without a CSP violation', async () => {
		const ctx = await e2e.browser.newContext({ viewport: { width: 1366, height: 768 } });
		await ctx.addInitScript(() => {
			const w = window as unknown as { __csp: string[] };
			w.__csp = [];
			document.addEventListener('securitypolicyviolation', (e) =>
				w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
			);
		});
		const page = await ctx.newPage();
		const console: string[] = [];
		page.on('console', (m) => {
			if (/Content Security Policy/i.test(m.text())) console.push(m.text());
		});
		await signIn(page, 'admin');
		const violations: string[] = [];
		for (const path of ['/map', '/dashboard', '/tickets', '/planning', '/analysis', '/admin']) {
			await page.goto(`${baseUrl()}${path}`);
			await page.waitForLoadState('networkidle');
			if (path === '/map') await page.waitForFunction(() => document.querySelector('canvas') !== null);
			await page.waitForTimeout(500);
			const seen = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
			violations.push(...seen.map((v) => `${path}: ${v}`));
		}
		await ctx.close();
		expect(violations).toEqual([]);
		expect(console).toEqual([]);
	});
});

describe('login CSRF', () => {
	it('a cross-site text/plain form posting credentials leaves the browser signed out', async () => {
		const target = `${baseUrl()}/api/session`;
		// the attacker's page, on another origin: a form whose text/plain body is valid JSON
		const evil = http.createServer((_, res) => {
			res.setHeader('content-type', 'text/html');
			res.end(`<form id="f" method="POST" action="${target}" enctype="text/plain">
				<input name='{"username":"admin","password":"redgrid-demo","x":"' value='"}'></form>
				<script>document.getElementById('f').submit()</script>`);
		});
		await new Promise<void>((r) => evil.listen(0, 'localhost', r));
		const ctx = await e2e.browser.newContext();
		try {
			const page = await ctx.newPage();
			const answer = page.waitForResponse((r) => r.url() === target);
			await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
			expect([403, 415]).toContain((await answer).status());
			const cookies = await ctx.cookies(baseUrl());
			expect(cookies.map((c) => c.name)).not.toContain('redgrid_session');
			const me = await (await ctx.request.get(`${baseUrl()}/api/session`)).json();
			expect(me.user).toBeNull();
		} finally {
			await ctx.close();
			evil.close();
		}
	});
});
