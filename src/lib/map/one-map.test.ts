// One map component: MapView (src/lib/map/MapView.svelte) is the only code that constructs a
// MapLibre map, and style JSON is written only in src/lib/map/style.ts (plus the declared layers a
// page hands to MapView). This scans the source tree so a new page cannot quietly grow its own map.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const ALLOWED_MAP = new Set(['src/lib/map/MapView.svelte']);
const ALLOWED_STYLE = new Set(['src/lib/map/style.ts']);
// Pages still on their own map until their owners move them to MapView. Each entry must still
// hold a map of its own (checked below), so the entry goes when the page moves.
const PENDING = new Set<string>([]);

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) return files(p);
		return /\.(svelte|ts|js)$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
	});
}

const sources = files(join(root, 'src')).map((p) => ({
	path: relative(root, p).split('\\').join('/'),
	text: readFileSync(p, 'utf8')
}));

/** `new maplibregl.Map(`, `new ml.Map(`, `new Map({ container` … any construction of a MapLibre map. */
const constructsMap = (t: string) =>
	/new\s+[\w$]+\s*\.\s*Map\s*\(/.test(t) || /new\s+Map\s*\(\s*\{\s*container/.test(t);
/** A style document: `version: 8` next to sources / layers. */
const writesStyle = (t: string) => /\bversion\s*:\s*8\b/.test(t);
/** The demo city's centre spelled out instead of JIAN_CENTER. */
const hardCodedCentre = (t: string) => /114\.98\d*\s*,\s*27\.1\d*/.test(t);

describe('one map component', () => {
	it('finds the scanner able to see a construction and a style (self-check)', () => {
		expect(constructsMap('m = new maplibregl.Map({ container, style })')).toBe(true);
		expect(constructsMap('const m = new lib.Map({ container })')).toBe(true);
		expect(constructsMap('new Map(entries)')).toBe(false);
		expect(writesStyle('style: { version: 8, sources: {} }')).toBe(true);
		expect(hardCodedCentre('center: [114.985, 27.11]')).toBe(true);
	});

	it('constructs MapLibre maps in MapView only', () => {
		const offenders = sources
			.filter((f) => constructsMap(f.text) && !ALLOWED_MAP.has(f.path) && !PENDING.has(f.path))
			.map((f) => f.path);
		expect(offenders).toEqual([]);
		expect(sources.filter((f) => ALLOWED_MAP.has(f.path) && constructsMap(f.text))).toHaveLength(1);
	});

	it('writes style JSON in style.ts only', () => {
		const offenders = sources
			.filter((f) => writesStyle(f.text) && !ALLOWED_STYLE.has(f.path) && !PENDING.has(f.path))
			.map((f) => f.path);
		expect(offenders).toEqual([]);
	});

	it('spells the city centre once in client code, as JIAN_CENTER', () => {
		const offenders = sources
			// client code only: the demo generator on the server lays its districts out from coordinates
			.filter(
				(f) =>
					hardCodedCentre(f.text) &&
					f.path !== 'src/lib/map/style.ts' &&
					!f.path.startsWith('src/lib/server/') &&
					!PENDING.has(f.path)
			)
			.map((f) => f.path);
		expect(offenders).toEqual([]);
	});

	it('keeps the pending list honest: each pending page still has its own map', () => {
		for (const p of PENDING) {
			const f = sources.find((x) => x.path === p);
			expect(f && constructsMap(f.text), `${p} moved to MapView: remove it from PENDING`).toBe(true);
		}
	});
});
