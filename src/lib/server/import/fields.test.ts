import { describe, expect, it } from 'vitest';
import { autoMapping, checkMapping, coerce, IMPORT_LAYERS, mapRow } from './fields';
import { checkZipEntries, decodeText, detectFormat, featureLine } from './read';
import { mapPositions, parseCrs, samplePosition } from './crs';
import { InputError } from '../http';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('column mapping', () => {
	it('matches names, Chinese aliases and Shapefile-truncated names', () => {
		expect(
			autoMapping(IMPORT_LAYERS.compounds, ['CODE', '小区名称', 'community_', 'company_cr', '户数', 'other'])
		).toEqual({
			code: 'CODE',
			name: '小区名称',
			community_code: 'community_',
			company_credit_code: 'company_cr',
			households: '户数'
		});
		// a column is used once: "名称" goes to name, not also elsewhere
		expect(autoMapping(IMPORT_LAYERS.areas, ['adcode', 'name', 'level'])).toEqual({
			code: 'adcode',
			name: 'name',
			level: 'level'
		});
	});

	it('names unknown fields, missing columns and unmapped required fields', () => {
		const l = IMPORT_LAYERS.buildings;
		expect(checkMapping(l, { colour: 'x' }, ['x'])).toMatch(/"colour" is not a field of buildings/);
		expect(checkMapping(l, { code: 'nope' }, ['x'])).toMatch(/no column "nope"/);
		expect(checkMapping(l, { code: 'c' }, ['c'])).toBe(
			'required fields not mapped: compound_code, number, floors'
		);
		expect(
			checkMapping(l, { code: 'c', compound_code: '=X', number: 'n', floors: 'f' }, ['c', 'n', 'f'])
		).toBeNull();
	});
});

describe('coercion', () => {
	const f = IMPORT_LAYERS.tickets.fields;
	const field = (n: string) => f.find((x) => x.name === n)!;
	it('reads numbers, dates and Beijing times, with reasons when it cannot', () => {
		expect(coerce(field('satisfaction'), '5')).toEqual({ value: 5 });
		expect(coerce(field('satisfaction'), '6')).toEqual({ error: '6 is above 5' });
		expect(coerce(field('satisfaction'), '4.5')).toEqual({ error: '"4.5" is not a whole number' });
		expect(coerce(field('created_at'), '2024/5/1 8:30')).toEqual({ value: '2024-05-01T08:30:00+08:00' });
		expect(coerce(field('created_at'), '2024-05-01T00:30:00Z')).toEqual({ value: '2024-05-01T00:30:00Z' });
		expect(coerce(field('created_at'), '2024-02-30')).toMatchObject({
			error: expect.stringMatching(/not a date/)
		});
		expect(coerce(field('category'), 'mars')).toMatchObject({
			error: expect.stringMatching(/not one of water/)
		});
		const opened = IMPORT_LAYERS.facilities.fields.find((x) => x.name === 'opened_on')!;
		expect(coerce(opened, '2020/01/02')).toEqual({ value: '2020-01-02' });
		expect(coerce(opened, '')).toEqual({ value: null });
	});

	it('maps a row: constants, unmapped fields absent, empty required fields rejected', () => {
		const r = mapRow(
			IMPORT_LAYERS.areas,
			{ code: 'adcode', name: 'n', level: '=district', parent_code: '=360800' },
			{ adcode: 360802, n: ' ' },
			7
		);
		expect(r.values).toEqual({ code: '360802', level: 'district', parent_code: '360800' });
		expect(r.rejects).toEqual([{ row: 7, field: 'name', reason: 'empty (column "n")' }]);
	});

	it('removes control characters from text cells and names the fields, keeping tab and line breaks', () => {
		const r = mapRow(
			IMPORT_LAYERS.areas,
			{ code: 'adcode', name: 'n', level: '=district', parent_code: 'p' },
			{ adcode: '3608\u000002', n: '古南\u0007街道', p: '360800' },
			3
		);
		expect(r.values).toEqual({ code: '360802', name: '古南街道', level: 'district', parent_code: '360800' });
		expect(r.cleaned).toEqual(['code', 'name']);
		expect(r.rejects).toEqual([]);
		const clean = mapRow(
			IMPORT_LAYERS.areas,
			{ code: 'adcode', name: 'n' },
			{ adcode: '360802', n: 'a\tb' },
			4
		);
		expect(clean.cleaned).toEqual([]);
	});
});

describe("GDAL's GeoJSON output, line by line", () => {
	it('reads a feature line with or without its trailing comma, and nothing else', () => {
		const line =
			'{ "type": "Feature", "properties": { "name": "a\\nb" }, "geometry": { "type": "Point", "coordinates": [ 114.9, 27.1 ] } }';
		const want = { properties: { name: 'a\nb' }, geometry: { type: 'Point', coordinates: [114.9, 27.1] } };
		expect(featureLine(line + ',')).toEqual(want);
		expect(featureLine(line)).toEqual(want);
		expect(featureLine('"features": [')).toBeNull();
		expect(featureLine('{')).toBeNull();
	});
});

describe('files', () => {
	it('detects the format by name and content', () => {
		expect(detectFormat('a.GeoJSON', bytes('\uFEFF {"type":1}'))).toBe('geojson');
		expect(detectFormat('a.csv', bytes('a,b\n1,2'))).toBe('csv');
		expect(detectFormat('a.zip', new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('shp');
		expect(() => detectFormat('a.zip', bytes('{}'))).toThrow(InputError);
		expect(() => detectFormat('a.xlsx', bytes('x'))).toThrow(/unknown kind of file/);
	});

	it('decodes GBK and refuses it as UTF-8', () => {
		const gbk = new Uint8Array([0xba, 0xec, 0xc9, 0xab]); // 红色
		expect(decodeText(gbk, 'gbk')).toBe('红色');
		expect(() => decodeText(gbk, undefined)).toThrow(/not valid UTF-8/);
	});

	it('refuses zip entries that escape the folder or unpack too large', () => {
		expect(() => checkZipEntries([{ name: 'a/../../b.shp', size: 1 }], 100)).toThrow(/escapes its folder/);
		expect(() => checkZipEntries([{ name: '/etc/x', size: 1 }], 100)).toThrow(/escapes/);
		expect(() => checkZipEntries([{ name: 'a.shp', size: 1000 }], 100)).toThrow(/over the limit/);
		expect(() => checkZipEntries([{ name: 'dir/a.shp', size: 10 }], 100)).not.toThrow();
	});
});

describe('CRS', () => {
	it('parses the names users give', () => {
		expect(parseCrs('GCJ02')).toEqual({ kind: 'gcj02' });
		expect(parseCrs('EPSG:4326')).toEqual({ kind: 'wgs84' });
		expect(parseCrs('epsg:4547')).toEqual({ kind: 'epsg', srid: 4547 });
		expect(parseCrs('cgcs2000')).toEqual({ kind: 'epsg', srid: 4490 });
		expect(() => parseCrs('mars')).toThrow(InputError);
	});

	it('maps every position and finds a representative one', () => {
		const g = {
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[0, 0],
						[2, 0],
						[2, 2],
						[0, 0]
					]
				]
			]
		};
		expect(mapPositions(g, ([x, y]) => [x + 1, y * 2]).coordinates).toEqual([
			[
				[
					[1, 0],
					[3, 0],
					[3, 4],
					[1, 0]
				]
			]
		]);
		expect(samplePosition(g)).toEqual([1, 0.5]);
		expect(samplePosition({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4]);
	});
});

describe('people fields', () => {
	const f = (n: string) => IMPORT_LAYERS.people.fields.find((x) => x.name === n)!;
	it('reads a Chinese kind word as its kind and names the words in the reject', () => {
		expect(coerce(f('kind'), ' 红领管家 ')).toEqual({ value: 'steward' });
		expect(coerce(f('kind'), 'instructor')).toEqual({ value: 'instructor' });
		const bad = coerce(f('kind'), '保安');
		expect('error' in bad && bad.error).toMatch(/^"保安" is not one of grid_worker, .*网格员/);
	});
	it('checks a phone as the schema does', () => {
		expect(coerce(f('phone'), '0796-820 0001')).toEqual({ value: '0796-820 0001' });
		expect('error' in coerce(f('phone'), '1234')).toBe(true);
		expect('error' in coerce(f('phone'), '138-0000-000x')).toBe(true);
	});
});
