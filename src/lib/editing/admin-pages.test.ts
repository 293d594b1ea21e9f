// The admin pages (src/routes/admin) draw their lists with AdminTable, whose `empty` line is
// required, so every list says when it has no rows; and they read the API's shapes from
// src/lib/api-types.ts, which the server modules that answer them use too, never a copy of their
// own. This scans the pages so a new one cannot quietly grow its own table or its own copy.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) return files(p);
		return /\.(svelte|ts)$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
	});
}

const pages = files(join(root, 'src', 'routes', 'admin')).map((p) => ({
	path: relative(root, p).split('\\').join('/'),
	text: readFileSync(p, 'utf8')
}));

/**
 * Tables an admin page may write itself, because they cannot be empty: the import report's column
 * mapping (every layer has fields) and its rejected rows (shown only when there are some), and the
 * downloads (one row per layer).
 */
const OWN_TABLES: Record<string, string[]> = {
	'src/routes/admin/import/+page.svelte': ['import.mapping', 'import.rejectedTable', 'import.export']
};

/** The i18n keys naming the page's own <table>s (their aria-label), in order. */
const ownTables = (t: string) =>
	[...t.matchAll(/<table\b[^>]*aria-label=\{\$_\('([\w.]+)'\)\}/g)].map((m) => m[1]);
const tableCount = (t: string) => (t.match(/<table\b/g) ?? []).length;
/** `interface X {`, `type X = {`, or an inline object shape handed to getJson / sendJson. */
const declaresShape = (t: string) =>
	/^\s*(export\s+)?interface\s+\w+/m.test(t) ||
	/^\s*(export\s+)?type\s+\w+(<[^>]*>)?\s*=\s*\{/m.test(t) ||
	/(getJson|sendJson)<\s*\{/.test(t);

describe('admin pages', () => {
	it('finds the scanners able to see a table and a shape (self-check)', () => {
		expect(ownTables(`<table aria-label={$_('import.export')}>`)).toEqual(['import.export']);
		expect(tableCount('<div><table data-testid="x"><tbody></tbody></table></div>')).toBe(1);
		expect(declaresShape('\tinterface Hook {\n\t\tid: number;\n\t}')).toBe(true);
		expect(declaresShape('type Day = { day: string }')).toBe(true);
		expect(declaresShape("sendJson<{ key: string }>('POST', '/api/admin/api-keys', {})")).toBe(true);
		expect(declaresShape("import type { Webhook } from '$lib/api-types';")).toBe(false);
	});

	it('scans every admin page', () => {
		const names = pages.map((p) => p.path);
		for (const p of ['api-keys', 'audit', 'calendar', 'import', 'orphans', 'routing', 'webhooks'])
			expect(names).toContain(`src/routes/admin/${p}/+page.svelte`);
	});

	it('draw their lists with AdminTable (which says when there are no rows), not a table of their own', () => {
		for (const p of pages) {
			const allowed = OWN_TABLES[p.path] ?? [];
			expect(tableCount(p.text), p.path).toBe(allowed.length);
			expect(ownTables(p.text), p.path).toEqual(allowed);
		}
		expect(pages.filter((p) => p.text.includes('<AdminTable')).length).toBeGreaterThanOrEqual(8);
	});

	it('declare no API shapes of their own (they come from $lib/api-types)', () => {
		expect(pages.filter((p) => declaresShape(p.text)).map((p) => p.path)).toEqual([]);
	});
});
